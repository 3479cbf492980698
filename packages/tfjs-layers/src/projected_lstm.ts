// An LSTM with a projected hidden state (PyTorch's proj_size) as a TensorFlow.js layer.
import type * as tf from '@tensorflow/tfjs-core';
import { lstmCell } from '@rnnkit/cells';
import type { Cell } from '@rnnkit/core';
import { InputError } from '@rnnkit/core';
import type { CellSequenceLayerArgs } from './cell_sequence_layer.js';
import { CellSequenceLayer } from './cell_sequence_layer.js';

/** Options of {@link ProjectedLSTM}. */
export interface ProjectedLSTMArgs extends CellSequenceLayerArgs {
  /** Features of the projected state `h = W_hr (o * tanh(c))`; must be smaller than units. */
  projSize: number;
}

/**
 * LSTM with a projection (PyTorch's `proj_size`): `h` has `projSize` features, `c` has `units`;
 * the output and the state `h` are projected. `@rnnkit/cells`' `lstmCell({ projSize })`.
 */
export class ProjectedLSTM extends CellSequenceLayer {
  static className = 'RnnkitProjectedLSTM';
  readonly projSize: number;

  constructor(args: ProjectedLSTMArgs) {
    super(args);
    if (typeof args.projSize !== 'number' || !Number.isInteger(args.projSize) || args.projSize < 1 || args.projSize >= args.units) {
      throw new InputError('RnnkitProjectedLSTM', 'projSize', `projSize must be an integer in [1, units - 1] (units ${args.units}), got ${JSON.stringify(args.projSize)}`);
    }
    this.projSize = args.projSize;
  }

  protected makeCell(inputSize: number): Cell {
    return lstmCell({ inputSize, hiddenSize: this.units, projSize: this.projSize });
  }

  protected override extraConfig(): tf.serialization.ConfigDict {
    return { projSize: this.projSize };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config);
  }
}

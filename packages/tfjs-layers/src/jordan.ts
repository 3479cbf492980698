// The Jordan network as a TensorFlow.js layer.
import type * as tf from '@tensorflow/tfjs-core';
import { jordanCell } from '@rnnkit/cells';
import type { Cell } from '@rnnkit/core';
import { InputError } from '@rnnkit/core';
import type { CellSequenceLayerArgs } from './cell_sequence_layer.js';
import { CellSequenceLayer } from './cell_sequence_layer.js';

/** Options of {@link Jordan}. */
export interface JordanArgs extends CellSequenceLayerArgs {
  /** Features of the output `y`, which is fed back as the state. */
  outputSize: number;
}

/**
 * Jordan network: `h = tanh(W_h x + U_h y_prev + b_h)`, `y = tanh(W_y h + b_y)`; the output, not
 * the hidden layer, is the recurrent state. `@rnnkit/cells`' `jordanCell` over the sequence.
 */
export class Jordan extends CellSequenceLayer {
  static className = 'RnnkitJordan';
  readonly outputSize: number;

  constructor(args: JordanArgs) {
    super(args);
    if (typeof args.outputSize !== 'number' || !Number.isInteger(args.outputSize) || args.outputSize < 1) {
      throw new InputError('RnnkitJordan', 'outputSize', `outputSize must be a positive integer, got ${JSON.stringify(args.outputSize)}`);
    }
    this.outputSize = args.outputSize;
  }

  protected makeCell(inputSize: number): Cell {
    return jordanCell({ inputSize, hiddenSize: this.units, outputSize: this.outputSize });
  }

  protected override extraConfig(): tf.serialization.ConfigDict {
    return { outputSize: this.outputSize };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config);
  }
}

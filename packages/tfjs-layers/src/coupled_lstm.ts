// An LSTM with coupled input and forget gates (CIFG) as a TensorFlow.js layer.
import type * as tf from '@tensorflow/tfjs-core';
import { lstmCell } from '@rnnkit/cells';
import type { Cell } from '@rnnkit/core';
import type { CellSequenceLayerArgs } from './cell_sequence_layer.js';
import { CellSequenceLayer } from './cell_sequence_layer.js';

/**
 * LSTM with a coupled input-forget gate, `f = 1 - i` (no forget-gate weights):
 * `@rnnkit/cells`' `lstmCell({ coupled: true })` over the sequence.
 */
export class CoupledLSTM extends CellSequenceLayer {
  static className = 'RnnkitCoupledLSTM';

  constructor(args: CellSequenceLayerArgs) {
    super(args);
  }

  protected makeCell(inputSize: number): Cell {
    return lstmCell({ inputSize, hiddenSize: this.units, coupled: true });
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config);
  }
}

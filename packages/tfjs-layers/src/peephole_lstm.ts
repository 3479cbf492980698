// An LSTM with peephole connections as a TensorFlow.js layer.
import type * as tf from '@tensorflow/tfjs-core';
import { lstmCell } from '@rnnkit/cells';
import type { Cell } from '@rnnkit/core';
import type { CellSequenceLayerArgs } from './cell_sequence_layer.js';
import { CellSequenceLayer } from './cell_sequence_layer.js';

/**
 * LSTM whose gates also see the cell state through diagonal weights (`peephole_i`, `peephole_f`,
 * `peephole_o`): `@rnnkit/cells`' `lstmCell({ peephole: true })` over the sequence.
 */
export class PeepholeLSTM extends CellSequenceLayer {
  static className = 'RnnkitPeepholeLSTM';

  constructor(args: CellSequenceLayerArgs) {
    super(args);
  }

  protected makeCell(inputSize: number): Cell {
    return lstmCell({ inputSize, hiddenSize: this.units, peephole: true });
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config);
  }
}

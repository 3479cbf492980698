// The simple recurrent unit (SRU) as a TensorFlow.js layer.
import type * as tf from '@tensorflow/tfjs-core';
import { sruCell } from '@rnnkit/cells';
import type { Cell } from '@rnnkit/core';
import type { CellSequenceLayerArgs } from './cell_sequence_layer.js';
import { CellSequenceLayer } from './cell_sequence_layer.js';

/**
 * Simple recurrent unit (Lei et al. 2018) with its highway connection, so `units` must equal the
 * input features: `@rnnkit/cells`' `sruCell` over the sequence. Its state is `c`; its output `h`.
 */
export class SRU extends CellSequenceLayer {
  static className = 'RnnkitSRU';

  constructor(args: CellSequenceLayerArgs) {
    super(args);
  }

  protected makeCell(inputSize: number): Cell {
    return sruCell({ inputSize, hiddenSize: this.units });
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config);
  }
}

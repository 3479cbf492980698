// The minimal gated unit as a TensorFlow.js layer.
import type * as tf from '@tensorflow/tfjs-core';
import { mguCell } from '@rnnkit/cells';
import type { Cell } from '@rnnkit/core';
import type { CellSequenceLayerArgs } from './cell_sequence_layer.js';
import { CellSequenceLayer } from './cell_sequence_layer.js';

/** Minimal gated unit (one forget gate): `@rnnkit/cells`' `mguCell` over the sequence. */
export class MGU extends CellSequenceLayer {
  static className = 'RnnkitMGU';

  constructor(args: CellSequenceLayerArgs) {
    super(args);
  }

  protected makeCell(inputSize: number): Cell {
    return mguCell({ inputSize, hiddenSize: this.units });
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config);
  }
}

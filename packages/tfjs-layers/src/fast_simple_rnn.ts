// The SimpleRNN layer of tf.layers, on the fused RNN sequence operation.
import * as tf from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import type { LayerVariable, SimpleRNNLayerArgs } from '@tensorflow/tfjs-layers';
import { rnnSequence } from '@rnnkit/ops';
import type { FusedStepInputs, FusedStepOutputs } from './keras_sequence.js';
import { KerasRnnBase, refuseUnsupported } from './keras_rnn_base.js';

/**
 * tf.layers' `SimpleRNN` (same config, weights `kernel` (I, H), `recurrent_kernel` (H, H),
 * `bias` (H)); tanh and relu run as one fused operation, other activations on tf.layers' loop.
 */
export class FastSimpleRNN extends KerasRnnBase {
  /** Keras' class name, so saved models load in tf.layers and Keras-converted models load here. */
  static override className = 'SimpleRNN';
  protected readonly stateCount = 1;

  constructor(args: SimpleRNNLayerArgs) {
    refuseUnsupported('SimpleRNN', args);
    super({ ...args, cell: layers.simpleRNNCell(args) });
  }

  protected fusable(training: boolean): boolean {
    const cell = this.cellView;
    const dropping = training && (cell.dropout > 0 || cell.recurrentDropout > 0);
    const activation = cell.activation.getClassName();
    return !dropping && (activation === 'tanh' || activation === 'relu');
  }

  protected runFused({ x, mask, masked, states }: FusedStepInputs): FusedStepOutputs {
    const cell = this.cell as unknown as { kernel: LayerVariable; recurrentKernel: LayerVariable; bias: LayerVariable | null };
    const H = this.cellView.units;
    const bias = cell.bias === null ? tf.zeros([H]) : cell.bias.read();
    const activation = this.cellView.activation.getClassName() === 'relu' ? 'relu' : 'tanh';
    const out = rnnSequence(
      { x, h0: states[0] as tf.Tensor2D, wIh: cell.kernel.read() as tf.Tensor2D, wHh: cell.recurrentKernel.read() as tf.Tensor2D, bias: bias as tf.Tensor1D, mask },
      { reverse: false, masked, activation },
    );
    return { output: out.output, states: [out.h] };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config);
  }
}

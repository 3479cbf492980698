// The LSTM layer of tf.layers, on the fused LSTM sequence operation.
import * as tf from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import type { LSTMLayerArgs, LayerVariable } from '@tensorflow/tfjs-layers';
import { lstmSequence } from '@rnnkit/ops';
import type { FusedStepInputs, FusedStepOutputs } from './keras_sequence.js';
import { KerasGatedRnnBase, refuseUnsupported } from './keras_rnn_base.js';

interface LstmCellWeights {
  readonly kernel: LayerVariable;
  readonly recurrentKernel: LayerVariable;
  readonly bias: LayerVariable | null;
}

/**
 * tf.layers' `LSTM` (same config, weights `kernel` (I, 4H), `recurrent_kernel` (H, 4H), `bias`
 * (4H) with Keras' gate order i, f, c, o, same serialised form) whose forward and gradient run as
 * one fused operation when `activation` is tanh and `recurrentActivation` sigmoid or hardSigmoid
 * (tf.layers' default; dropout only at inference); every other configuration runs tf.layers' own
 * cell loop.
 *
 * @example
 * const model = tf.sequential({ layers: [new FastLSTM({ units: 32, inputShape: [10, 3] })] });
 */
export class FastLSTM extends KerasGatedRnnBase {
  /** Keras' class name, so saved models load in tf.layers and Keras-converted models load here. */
  static override className = 'LSTM';
  protected readonly stateCount = 2;

  constructor(args: LSTMLayerArgs) {
    refuseUnsupported('LSTM', args);
    super({ ...args, cell: layers.lstmCell(args) });
  }

  protected runFused({ x, mask, masked, states }: FusedStepInputs): FusedStepOutputs {
    const cell = this.cell as unknown as LstmCellWeights;
    const units = this.cellView.units;
    // Keras' gate order i, f, c, o is PyTorch's i, f, g, o, and Keras' kernel (I, 4H) is the
    // operation's wIh (PyTorch's weight_ih transposed): the weights go in as they are.
    const bias = cell.bias === null || !this.cellView.useBias ? tf.zeros([4 * units]) : cell.bias.read();
    const [h0, c0] = states as [tf.Tensor2D, tf.Tensor2D];
    const out = lstmSequence(
      { x, h0, c0, wIh: cell.kernel.read() as tf.Tensor2D, wHh: cell.recurrentKernel.read() as tf.Tensor2D, bias: bias as tf.Tensor1D, mask },
      { reverse: false, masked, gateActivation: this.gateActivation() ?? 'sigmoid' },
    );
    return { output: out.output, states: [out.h, out.c] };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config);
  }
}

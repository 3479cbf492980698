// The GRU layer of tf.layers, on the fused GRU operation when Keras' reset_after is on.
import * as tf from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import type { GRULayerArgs, LayerVariable } from '@tensorflow/tfjs-layers';
import { InputError } from '@rnnkit/core';
import { gruSequence } from '@rnnkit/ops';
import type { FusedStepInputs, FusedStepOutputs } from './keras_sequence.js';
import { KerasRnnBase, refuseUnsupported } from './keras_rnn_base.js';
import { ResetAfterGruCell } from './reset_after_gru_cell.js';

/** Options of {@link FastGRU}: tf.layers' GRU options plus Keras' `resetAfter`. */
export interface FastGRUArgs extends GRULayerArgs {
  /**
   * Apply the reset gate after the recurrent product (Keras 3's default, PyTorch's GRU); the
   * bias is then (2, 3H). tf.layers refuses `true`; this layer runs it on the fused operation.
   * @default false
   */
  resetAfter?: boolean;
}

/** (.., 3H) in Keras' gate order z, r, h to PyTorch's r, z, n. */
function toTorchGates(t: tf.Tensor, units: number): tf.Tensor {
  const rows = t.rank === 1 ? [] : [t.shape[0] as number];
  const part = (k: number): tf.Tensor => (t.rank === 1 ? tf.slice(t, [k * units], [units]) : tf.slice(t, [0, k * units], [...rows, units]));
  return tf.concat([part(1), part(0), part(2)], t.rank - 1);
}

/**
 * tf.layers' `GRU` (same config and weights: `kernel` (I, 3H), `recurrent_kernel` (H, 3H),
 * `bias`, Keras' gate order z, r, h) plus `resetAfter`. With `resetAfter: true`, tanh and sigmoid
 * the sequence runs as one fused operation; `resetAfter: false` (tf.layers' only form, the reset
 * gate before the product, which the fused kernel does not compute) runs tf.layers' cell loop.
 */
export class FastGRU extends KerasRnnBase {
  /** Keras' class name, so saved models load in tf.layers and Keras-converted models load here. */
  static override className = 'GRU';
  protected readonly stateCount = 1;
  readonly resetAfter: boolean;

  constructor(args: FastGRUArgs) {
    refuseUnsupported('GRU', args);
    const resetAfter = args.resetAfter ?? false;
    if (typeof resetAfter !== 'boolean') throw new InputError('GRU', 'resetAfter', `resetAfter must be a boolean, got ${JSON.stringify(resetAfter)}`);
    if (resetAfter && ((args.dropout ?? 0) > 0 || (args.recurrentDropout ?? 0) > 0)) {
      throw new InputError('GRU', 'dropout', `dropout and recurrentDropout are not supported with resetAfter: true, got dropout ${JSON.stringify(args.dropout ?? 0)}, recurrentDropout ${JSON.stringify(args.recurrentDropout ?? 0)}`);
    }
    const { resetAfter: _r, ...rest } = args;
    super({ ...rest, cell: resetAfter ? new ResetAfterGruCell(rest) : layers.gruCell(rest) });
    this.resetAfter = resetAfter;
  }

  protected fusable(training: boolean): boolean {
    const cell = this.cellView;
    const dropping = training && (cell.dropout > 0 || cell.recurrentDropout > 0);
    return this.resetAfter && !dropping && cell.activation.getClassName() === 'tanh' && cell.recurrentActivation?.getClassName() === 'sigmoid';
  }

  protected runFused({ x, mask, masked, states }: FusedStepInputs): FusedStepOutputs {
    const cell = this.cell as unknown as { kernel: LayerVariable; recurrentKernel: LayerVariable; bias: LayerVariable | null };
    const H = this.cellView.units;
    // Keras orders the gates z, r, h; the operation (PyTorch) r, z, n: columns are permuted here.
    const bias = cell.bias === null ? tf.zeros([2, 3 * H]) : cell.bias.read();
    const [bIn, bRec] = tf.unstack(bias) as [tf.Tensor1D, tf.Tensor1D];
    const out = gruSequence(
      {
        x,
        h0: states[0] as tf.Tensor2D,
        wIh: toTorchGates(cell.kernel.read(), H) as tf.Tensor2D,
        wHh: toTorchGates(cell.recurrentKernel.read(), H) as tf.Tensor2D,
        bIh: toTorchGates(bIn, H) as tf.Tensor1D,
        bHh: toTorchGates(bRec, H) as tf.Tensor1D,
        mask,
      },
      { reverse: false, masked },
    );
    return { output: out.output, states: [out.h] };
  }

  /** tf.layers' GRU configuration, with `resetAfter`, so the layer serialises as Keras' `GRU`. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), resetAfter: this.resetAfter };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config);
  }
}

// The GRU layer of tf.layers on the fused GRU operations: the reset-before one (tf.layers' form)
// and, with Keras' reset_after, PyTorch's.
import * as tf from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import type { GRULayerArgs, LayerVariable } from '@tensorflow/tfjs-layers';
import { InputError } from '@rnnkit/core';
import { gruResetBeforeSequence, gruSequence } from '@rnnkit/ops';
import type { FusedStepInputs, FusedStepOutputs } from './keras_sequence.js';
import { KerasGatedRnnBase, refuseUnsupported } from './keras_rnn_base.js';
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

/** The weights of tf.layers' GRU cell and of the reset-after cell. */
interface GruCellWeights {
  readonly kernel: LayerVariable;
  readonly recurrentKernel: LayerVariable;
  readonly bias: LayerVariable | null;
}

/** (.., 3H) in Keras' gate order z, r, h to PyTorch's r, z, n. */
function toTorchGates(t: tf.Tensor, units: number): tf.Tensor {
  const rows = t.rank === 1 ? [] : [t.shape[0] as number];
  const part = (k: number): tf.Tensor => (t.rank === 1 ? tf.slice(t, [k * units], [units]) : tf.slice(t, [0, k * units], [...rows, units]));
  return tf.concat([part(1), part(0), part(2)], t.rank - 1);
}

/**
 * tf.layers' `GRU` (same config and weights: `kernel` (I, 3H), `recurrent_kernel` (H, 3H),
 * `bias`, Keras' gate order z, r, h) plus `resetAfter`. The sequence runs as one fused operation
 * when `activation` is tanh and `recurrentActivation` sigmoid or hardSigmoid (tf.layers' default;
 * dropout only at inference): with `resetAfter: false` (tf.layers' only form, the reset gate
 * before the recurrent product) on `gruResetBeforeSequence`, with `resetAfter: true` on
 * `gruSequence`. Every other configuration runs the cell loop.
 */
export class FastGRU extends KerasGatedRnnBase {
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

  protected runFused(inputs: FusedStepInputs): FusedStepOutputs {
    return this.resetAfter ? this.runResetAfter(inputs) : this.runResetBefore(inputs);
  }

  /** tf.layers' GRU: one bias (3H), the reset gate applied to h before the recurrent product. */
  private runResetBefore({ x, mask, masked, states }: FusedStepInputs): FusedStepOutputs {
    const cell = this.cell as unknown as GruCellWeights;
    const H = this.cellView.units;
    // Keras orders the gates z, r, h; the operation r, z, n: columns are permuted here.
    const bias = cell.bias === null ? tf.zeros([3 * H]) : cell.bias.read();
    const out = gruResetBeforeSequence(
      {
        x,
        h0: states[0] as tf.Tensor2D,
        wIh: toTorchGates(cell.kernel.read(), H) as tf.Tensor2D,
        wHh: toTorchGates(cell.recurrentKernel.read(), H) as tf.Tensor2D,
        bias: toTorchGates(bias, H) as tf.Tensor1D,
        mask,
      },
      { reverse: false, masked, gateActivation: this.gateActivation() ?? 'sigmoid' },
    );
    return { output: out.output, states: [out.h] };
  }

  /** Keras 3's reset-after GRU (PyTorch's): two biases (2, 3H). */
  private runResetAfter({ x, mask, masked, states }: FusedStepInputs): FusedStepOutputs {
    const cell = this.cell as unknown as GruCellWeights;
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
      { reverse: false, masked, gateActivation: this.gateActivation() ?? 'sigmoid' },
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

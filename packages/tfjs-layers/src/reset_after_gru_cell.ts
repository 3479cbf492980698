// The Keras GRU cell with `reset_after` (Keras 3's default), which tf.layers refuses.
import * as tf from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import type { GRUCellLayerArgs, LayerVariable, Shape } from '@tensorflow/tfjs-layers';
import type { KerasActivation } from './keras_rnn_base.js';

type TfGruCell = ReturnType<typeof layers.gruCell>;

/**
 * Keras' GRU step with the reset gate applied after the recurrent product:
 * `z = σ(x W_z + b_z + h U_z + r_z)`, `r = σ(x W_r + b_r + h U_r + r_r)`,
 * `n = tanh(x W_h + b_h + r * (h U_h + r_h))`, `h' = z h + (1 - z) n`, with weights `kernel`
 * (I, 3H), `recurrent_kernel` (H, 3H) and `bias` (2, 3H) (input and recurrent biases), gates z, r, h.
 * Everything else (initialisers, regularisers, constraints, activations) is tf.layers' GRUCell's.
 */
export class ResetAfterGruCell extends layers.RNNCell {
  static className = 'GRUCell';
  readonly stateSize: number;
  readonly units: number;
  readonly useBias: boolean;
  readonly dropout = 0;
  readonly recurrentDropout = 0;
  readonly activation: KerasActivation;
  readonly recurrentActivation: KerasActivation;
  kernel: LayerVariable | null = null;
  recurrentKernel: LayerVariable | null = null;
  bias: LayerVariable | null = null;
  private readonly reference: TfGruCell;

  constructor(args: GRUCellLayerArgs) {
    super(args);
    const { resetAfter: _resetAfter, ...rest } = args as GRUCellLayerArgs & { resetAfter?: boolean };
    this.reference = layers.gruCell(rest);
    this.units = this.reference.units;
    this.stateSize = this.units;
    this.useBias = this.reference.useBias;
    this.activation = this.reference.activation as unknown as KerasActivation;
    this.recurrentActivation = this.reference.recurrentActivation as unknown as KerasActivation;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const inputDim = shape[shape.length - 1] as number;
    const ref = this.reference;
    const H = this.units;
    this.kernel = this.addWeight('kernel', [inputDim, 3 * H], undefined, ref.kernelInitializer, ref.kernelRegularizer, true, ref.kernelConstraint);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [H, 3 * H], undefined, ref.recurrentInitializer, ref.recurrentRegularizer, true, ref.recurrentConstraint);
    this.bias = this.useBias ? this.addWeight('bias', [2, 3 * H], undefined, ref.biasInitializer, ref.biasRegularizer, true, ref.biasConstraint) : null;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Record<string, unknown>): tf.Tensor[] {
    return tf.tidy(() => {
      const [x, h] = inputs as [tf.Tensor2D, tf.Tensor2D];
      const H = this.units;
      const kernel = (this.kernel as LayerVariable).read();
      const recurrent = (this.recurrentKernel as LayerVariable).read();
      let xw = tf.matMul(x, kernel);
      let hu = tf.matMul(h, recurrent);
      if (this.bias !== null) {
        const [bIn, bRec] = tf.unstack(this.bias.read()) as [tf.Tensor1D, tf.Tensor1D];
        xw = tf.add(xw, bIn);
        hu = tf.add(hu, bRec);
      }
      const n = x.shape[0];
      const part = (t: tf.Tensor, k: number): tf.Tensor => tf.slice(t, [0, k * H], [n, H]);
      const z = this.recurrentActivation.apply(tf.add(part(xw, 0), part(hu, 0)));
      const r = this.recurrentActivation.apply(tf.add(part(xw, 1), part(hu, 1)));
      const cand = this.activation.apply(tf.add(part(xw, 2), tf.mul(r, part(hu, 2))));
      const hNew = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), cand));
      return [hNew, hNew];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.reference.getConfig(), name: this.name, resetAfter: true };
  }
}

// The Simple Recurrent Unit (Lei et al. 2018): matmuls depend on the input only.
import * as tf from '@tensorflow/tfjs-core';
import type { Cell, ParamSpec } from '@rnnkit/core';
import { InputError, checkInteger, checkKnownOptions } from '@rnnkit/core';
import { block, defineCell, entry, linearT, read, stateOf, transposed } from './internal.js';

export interface SruCellOptions {
  inputSize: number;
  /** Must equal inputSize: the highway connection adds the input to the output. */
  hiddenSize: number;
}

/**
 * Simple Recurrent Unit: `x̃ = W x`, `f = σ(W_f x + v_f * c + b_f)`, `r = σ(W_r x + v_r * c + b_r)`,
 * `c' = f c + (1 - f) x̃`, `h' = r c' + (1 - r) x`.
 *
 * Parameters: `weight` (3H, I) stacking W, W_f, W_r; `v_f`, `v_r`, `b_f`, `b_r` (H).
 * State `{c}`; output `h`.
 *
 * @example
 * const cell = sruCell({ inputSize: 8, hiddenSize: 8 });
 * const { state, output } = cell.step(initParams(cell.paramSpec), tf.ones([2, 8]), { c: tf.zeros([2, 8]) });
 */
export function sruCell(options: SruCellOptions): Cell {
  const fn = 'sruCell';
  checkKnownOptions(fn, 'options', options, ['inputSize', 'hiddenSize'], { required: true });
  const inputSize = checkInteger(fn, 'inputSize', options.inputSize, 1);
  const hiddenSize = checkInteger(fn, 'hiddenSize', options.hiddenSize, 1);
  if (inputSize !== hiddenSize) {
    throw new InputError(fn, 'hiddenSize', `hiddenSize must equal inputSize (${inputSize}) for the highway connection, got ${hiddenSize}`);
  }
  const H = hiddenSize;
  const paramSpec: ParamSpec = {
    weight: entry([3 * H, inputSize], H),
    v_f: entry([H], H),
    v_r: entry([H], H),
    b_f: entry([H], H),
    b_r: entry([H], H),
  };
  return defineCell({
    name: fn,
    inputSize,
    outputSize: H,
    stateSizes: { c: H },
    paramSpec,
    layout(params) {
      const w = transposed(params, 'weight');
      const [vF, vR, bF, bR] = ['v_f', 'v_r', 'b_f', 'b_r'].map((n) => read(params, n)) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      return (x, state) => {
        const c = stateOf(state, 'c');
        const u = linearT(x, w);
        const f = tf.sigmoid(tf.add(tf.add(block(u, 1, 3), tf.mul(vF, c)), bF));
        const r = tf.sigmoid(tf.add(tf.add(block(u, 2, 3), tf.mul(vR, c)), bR));
        const cNext = tf.add(tf.mul(f, c), tf.mul(tf.sub(1, f), block(u, 0, 3))) as tf.Tensor2D;
        const h = tf.add(tf.mul(r, cNext), tf.mul(tf.sub(1, r), x)) as tf.Tensor2D;
        return { state: { c: cNext }, output: h };
      };
    },
  });
}

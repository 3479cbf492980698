// The Minimal Gated Unit (Zhou et al. 2016): a GRU with one gate.
import * as tf from '@tensorflow/tfjs-core';
import type { Cell, ParamSpec } from '@rnnkit/core';
import { checkBoolean, checkInteger, checkKnownOptions, checkParamSpec } from '@rnnkit/core';
import { block, defineCell, entry, linearT, read, stateOf, transposed } from './internal.js';

/** Options of `mguCell`. */
export interface MguCellOptions {
  inputSize: number;
  hiddenSize: number;
  /** Whether the cell has a bias. @default true */
  bias?: boolean;
}

/**
 * Minimal Gated Unit: `f = σ(W_f x + U_f h + b_f)`, `n = tanh(W_n x + U_n (f * h) + b_n)`,
 * `h' = (1 - f) h + f n`.
 *
 * Parameters: `weight_ih` (2H, I), `weight_hh` (2H, H), `bias` (2H), stacked in order f, n.
 * State `{h}`; output `h`.
 *
 * @example
 * const cell = mguCell({ inputSize: 3, hiddenSize: 8 });
 * const { state, output } = cell.step(initParams(cell.paramSpec), tf.ones([2, 3]), { h: tf.zeros([2, 8]) });
 */
export function mguCell(options: MguCellOptions): Cell {
  const fn = 'mguCell';
  checkKnownOptions(fn, 'options', options, ['inputSize', 'hiddenSize', 'bias'], { required: true });
  const inputSize = checkInteger(fn, 'inputSize', options.inputSize, 1);
  const hiddenSize = checkInteger(fn, 'hiddenSize', options.hiddenSize, 1);
  const bias = checkBoolean(fn, 'bias', options.bias ?? true);
  const H = hiddenSize;
  const paramSpec: ParamSpec = {
    weight_ih: entry([2 * H, inputSize], H),
    weight_hh: entry([2 * H, H], H),
    ...(bias ? { bias: entry([2 * H], H) } : {}),
  };
  checkParamSpec(fn, inputSize > hiddenSize ? 'inputSize' : 'hiddenSize', paramSpec);
  return defineCell({
    name: fn,
    inputSize,
    outputSize: H,
    stateSizes: { h: H },
    paramSpec,
    layout(params) {
      const wIh = transposed(params, 'weight_ih');
      const b = bias ? read(params, 'bias') : undefined;
      const wF = transposed(params, 'weight_hh', { start: 0, count: H });
      const wN = transposed(params, 'weight_hh', { start: H, count: H });
      return (x, state) => {
        const h = stateOf(state, 'h');
        const xw = linearT(x, wIh, b);
        const f = tf.sigmoid(tf.add(block(xw, 0, 2), linearT(h, wF)));
        const n = tf.tanh(tf.add(block(xw, 1, 2), linearT(tf.mul(f, h), wN)));
        const hNext = tf.add(tf.mul(tf.sub(1, f), h), tf.mul(f, n)) as tf.Tensor2D;
        return { state: { h: hNext }, output: hNext };
      };
    },
  });
}

// The Minimal Gated Unit (Zhou et al. 2016): a GRU with one gate.
import * as tf from '@tensorflow/tfjs-core';
import type { Carry, Cell, ParamSpec, Params } from '@rnnkit/core';
import { checkBoolean, checkInteger, checkKnownOptions } from '@rnnkit/core';
import { block, carryOf, checkStep, entry, linear, param } from './internal.js';

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
 * Carry `{h}`; output `h`.
 *
 * @example
 * const cell = mguCell({ inputSize: 3, hiddenSize: 8 });
 * const [carry, y] = cell.step(initParams(cell.paramSpec), { h: tf.zeros([2, 8]) }, tf.ones([2, 3]));
 */
export function mguCell(options: MguCellOptions): Cell {
  const fn = 'mguCell';
  checkKnownOptions(fn, 'options', options, ['inputSize', 'hiddenSize', 'bias']);
  const inputSize = checkInteger(fn, 'inputSize', options.inputSize, 1);
  const hiddenSize = checkInteger(fn, 'hiddenSize', options.hiddenSize, 1);
  const bias = checkBoolean(fn, 'bias', options.bias ?? true);
  const H = hiddenSize;
  const paramSpec: ParamSpec = {
    weight_ih: entry([2 * H, inputSize], H),
    weight_hh: entry([2 * H, H], H),
    ...(bias ? { bias: entry([2 * H], H) } : {}),
  };
  const cell: Cell = {
    name: fn,
    inputSize,
    outputSize: H,
    carrySizes: { h: H },
    paramSpec,
    step(params: Params, carry: Carry, x: tf.Tensor2D): [Carry, tf.Tensor2D] {
      const input = checkStep(cell, params, carry, x);
      const h = carryOf(carry, 'h');
      const xw = linear(input, param(fn, params, 'weight_ih'), bias ? params['bias'] : undefined);
      const weightHh = param(fn, params, 'weight_hh');
      const wF = tf.slice(weightHh, [0, 0], [H, H]);
      const wN = tf.slice(weightHh, [H, 0], [H, H]);
      const f = tf.sigmoid(tf.add(block(xw, 0, 2), linear(h, wF)));
      const n = tf.tanh(tf.add(block(xw, 1, 2), linear(tf.mul(f, h) as tf.Tensor2D, wN)));
      const hNext = tf.add(tf.mul(tf.sub(1, f), h), tf.mul(f, n)) as tf.Tensor2D;
      return [{ h: hNext }, hNext];
    },
  };
  return cell;
}

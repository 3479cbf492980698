// The Jordan network cell: the previous output, not the hidden state, is fed back.
import * as tf from '@tensorflow/tfjs-core';
import type { Carry, Cell, ParamSpec, Params } from '@rnnkit/core';
import { checkInteger, checkKnownOptions } from '@rnnkit/core';
import { carryOf, checkStep, entry, linear, param } from './internal.js';

/** Options of `jordanCell`. */
export interface JordanCellOptions {
  inputSize: number;
  hiddenSize: number;
  outputSize: number;
}

/**
 * Jordan network: `h = tanh(W_h x + U_h y_prev + b_h)`, `y = tanh(W_y h + b_y)`.
 *
 * Parameters: `weight_ih` (H, I), `weight_hy` (H, O), `bias_h` (H), `weight_out` (O, H),
 * `bias_out` (O). Carry `{y}` (N, O); output `y`.
 *
 * @example
 * const cell = jordanCell({ inputSize: 3, hiddenSize: 8, outputSize: 2 });
 * const [carry, y] = cell.step(initParams(cell.paramSpec), { y: tf.zeros([4, 2]) }, tf.ones([4, 3]));
 */
export function jordanCell(options: JordanCellOptions): Cell {
  const fn = 'jordanCell';
  checkKnownOptions(fn, 'options', options, ['inputSize', 'hiddenSize', 'outputSize']);
  const inputSize = checkInteger(fn, 'inputSize', options.inputSize, 1);
  const hiddenSize = checkInteger(fn, 'hiddenSize', options.hiddenSize, 1);
  const outputSize = checkInteger(fn, 'outputSize', options.outputSize, 1);
  const H = hiddenSize;
  const paramSpec: ParamSpec = {
    weight_ih: entry([H, inputSize], H),
    weight_hy: entry([H, outputSize], H),
    bias_h: entry([H], H),
    weight_out: entry([outputSize, H], H),
    bias_out: entry([outputSize], H),
  };
  const cell: Cell = {
    name: fn,
    inputSize,
    outputSize,
    carrySizes: { y: outputSize },
    paramSpec,
    step(params: Params, carry: Carry, x: tf.Tensor2D): [Carry, tf.Tensor2D] {
      const input = checkStep(cell, params, carry, x);
      const h = tf.tanh(
        tf.add(linear(input, param(fn, params, 'weight_ih'), param(fn, params, 'bias_h')), linear(carryOf(carry, 'y'), param(fn, params, 'weight_hy'))),
      ) as tf.Tensor2D;
      const y = tf.tanh(linear(h, param(fn, params, 'weight_out'), param(fn, params, 'bias_out'))) as tf.Tensor2D;
      return [{ y }, y];
    },
  };
  return cell;
}

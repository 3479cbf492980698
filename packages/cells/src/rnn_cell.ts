// The Elman RNN cell (tanh or relu), PyTorch's `nn.RNNCell`.
import * as tf from '@tensorflow/tfjs-core';
import type { Carry, Cell, ParamSpec, Params } from '@rnnkit/core';
import { checkBoolean, checkInteger, checkKnownOptions, checkOneOf } from '@rnnkit/core';
import { rnnSequence } from '@rnnkit/ops';
import { carryOf, checkStep, entry, linear, param } from './internal.js';

/** Options of `rnnCell`. */
export interface RnnCellOptions {
  inputSize: number;
  hiddenSize: number;
  /** The activation. @default 'tanh' */
  nonlinearity?: 'tanh' | 'relu';
  /** Whether the cell has `bias_ih` and `bias_hh`. @default true */
  bias?: boolean;
}

const KNOWN = ['inputSize', 'hiddenSize', 'nonlinearity', 'bias'];

/**
 * Elman RNN cell: `h' = act(W_ih x + b_ih + W_hh h + b_hh)`, act = tanh or relu.
 *
 * Parameters (PyTorch `RNNCell` names): `weight_ih` (H, I), `weight_hh` (H, H), `bias_ih` (H),
 * `bias_hh` (H). Carry `{h}`; output `h`.
 *
 * @example
 * const cell = rnnCell({ inputSize: 3, hiddenSize: 8 });
 * const params = initParams(cell.paramSpec, seededRandom(0));
 * const [carry, y] = cell.step(params, { h: tf.zeros([2, 8]) }, tf.ones([2, 3]));
 */
export function rnnCell(options: RnnCellOptions): Cell {
  const fn = 'rnnCell';
  checkKnownOptions(fn, 'options', options, KNOWN);
  const inputSize = checkInteger(fn, 'inputSize', options.inputSize, 1);
  const hiddenSize = checkInteger(fn, 'hiddenSize', options.hiddenSize, 1);
  const nonlinearity = checkOneOf(fn, 'nonlinearity', options.nonlinearity ?? 'tanh', ['tanh', 'relu'] as const);
  const bias = checkBoolean(fn, 'bias', options.bias ?? true);
  const H = hiddenSize;
  const paramSpec: ParamSpec = {
    weight_ih: entry([H, inputSize], H),
    weight_hh: entry([H, H], H),
    ...(bias ? { bias_ih: entry([H], H), bias_hh: entry([H], H) } : {}),
  };
  const name = `rnnCell(${nonlinearity})`;
  const cell: Cell = {
    name,
    inputSize,
    outputSize: H,
    carrySizes: { h: H },
    paramSpec,
    step(params: Params, carry: Carry, x: tf.Tensor2D): [Carry, tf.Tensor2D] {
      const input = checkStep(cell, params, carry, x);
      const pre = tf.add(
        linear(input, param(name, params, 'weight_ih'), bias ? params['bias_ih'] : undefined),
        linear(carryOf(carry, 'h'), param(name, params, 'weight_hh'), bias ? params['bias_hh'] : undefined),
      );
      const h = (nonlinearity === 'relu' ? tf.relu(pre) : tf.tanh(pre)) as tf.Tensor2D;
      return [{ h }, h];
    },
    sequence(params, x, carry, { mask, masked, reverse }) {
      const { output, h } = rnnSequence(
        {
          x,
          h0: carryOf(carry, 'h'),
          wIh: tf.transpose(param(name, params, 'weight_ih')) as tf.Tensor2D,
          wHh: tf.transpose(param(name, params, 'weight_hh')) as tf.Tensor2D,
          bias: bias ? tf.add(param(name, params, 'bias_ih'), param(name, params, 'bias_hh')) : tf.zeros([H]),
          mask,
        },
        { reverse, masked, activation: nonlinearity },
      );
      return { output, carry: { h } };
    },
  };
  return cell;
}

// The Elman RNN cell (tanh or relu), PyTorch's `nn.RNNCell`.
import * as tf from '@tensorflow/tfjs-core';
import type { Cell, ParamSpec } from '@rnnkit/core';
import { checkBoolean, checkInteger, checkKnownOptions, checkOneOf, checkParamSpec } from '@rnnkit/core';
import { rnnSequence } from '@rnnkit/ops';
import { biasSum, defineCell, entry, linearT, stateOf, transposed } from './internal.js';

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
 * `bias_hh` (H). State `{h}`; output `h`.
 *
 * @example
 * const cell = rnnCell({ inputSize: 3, hiddenSize: 8 });
 * const params = initParams(cell.paramSpec, seededRandom(0));
 * const { state, output } = cell.step(params, tf.ones([2, 3]), { h: tf.zeros([2, 8]) });
 */
export function rnnCell(options: RnnCellOptions): Cell {
  const fn = 'rnnCell';
  checkKnownOptions(fn, 'options', options, KNOWN, { required: true });
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
  checkParamSpec(fn, inputSize > hiddenSize ? 'inputSize' : 'hiddenSize', paramSpec);
  const name = `rnnCell(${nonlinearity})`;
  return defineCell({
    name,
    inputSize,
    outputSize: H,
    stateSizes: { h: H },
    paramSpec,
    layout(params) {
      const wIh = transposed(params, 'weight_ih');
      const wHh = transposed(params, 'weight_hh');
      const b = bias ? biasSum(params, 'bias_ih', 'bias_hh') : undefined;
      return (x, state) => {
        const pre = tf.add(linearT(x, wIh, b), linearT(stateOf(state, 'h'), wHh));
        const h = (nonlinearity === 'relu' ? tf.relu(pre) : tf.tanh(pre)) as tf.Tensor2D;
        return { state: { h }, output: h };
      };
    },
    sequence(params, x, state, { mask, masked, reverse }) {
      const { output, h } = rnnSequence(
        {
          x,
          h0: stateOf(state, 'h'),
          wIh: transposed(params, 'weight_ih'),
          wHh: transposed(params, 'weight_hh'),
          bias: bias ? biasSum(params, 'bias_ih', 'bias_hh') : tf.zeros([H]),
          mask,
        },
        { reverse, masked, activation: nonlinearity },
      );
      return { output, state: { h } };
    },
  });
}

// The Jordan network cell: the previous output, not the hidden state, is fed back.
import * as tf from '@tensorflow/tfjs-core';
import type { Cell, ParamSpec } from '@rnnkit/core';
import { checkInteger, checkKnownOptions, checkParamSpec } from '@rnnkit/core';
import { defineCell, entry, linearT, read, stateOf, transposed } from './internal.js';

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
 * `bias_out` (O). State `{y}` (N, O); output `y`.
 *
 * @example
 * const cell = jordanCell({ inputSize: 3, hiddenSize: 8, outputSize: 2 });
 * const { state, output } = cell.step(initParams(cell.paramSpec), tf.ones([4, 3]), { y: tf.zeros([4, 2]) });
 */
export function jordanCell(options: JordanCellOptions): Cell {
  const fn = 'jordanCell';
  checkKnownOptions(fn, 'options', options, ['inputSize', 'hiddenSize', 'outputSize'], { required: true });
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
  const largest = Math.max(inputSize, hiddenSize, outputSize);
  checkParamSpec(fn, largest === hiddenSize ? 'hiddenSize' : largest === inputSize ? 'inputSize' : 'outputSize', paramSpec);
  return defineCell({
    name: fn,
    inputSize,
    outputSize,
    stateSizes: { y: outputSize },
    paramSpec,
    layout(params) {
      const wIh = transposed(params, 'weight_ih');
      const wHy = transposed(params, 'weight_hy');
      const wOut = transposed(params, 'weight_out');
      const bH = read(params, 'bias_h');
      const bOut = read(params, 'bias_out');
      return (x, state) => {
        const h = tf.tanh(tf.add(linearT(x, wIh, bH), linearT(stateOf(state, 'y'), wHy))) as tf.Tensor2D;
        const y = tf.tanh(linearT(h, wOut, bOut)) as tf.Tensor2D;
        return { state: { y }, output: y };
      };
    },
  });
}

// The GRU cell: PyTorch's `nn.GRUCell` (reset after the matmul) or Cho et al.'s (reset before).
import * as tf from '@tensorflow/tfjs-core';
import type { Carry, Cell, ParamSpec, Params } from '@rnnkit/core';
import { checkBoolean, checkInteger, checkKnownOptions } from '@rnnkit/core';
import { gruSequence } from '@rnnkit/ops';
import { block, carryOf, checkStep, entry, linear, param } from './internal.js';

/** Options of `gruCell`. */
export interface GruCellOptions {
  inputSize: number;
  hiddenSize: number;
  /** Whether the cell has biases. @default true */
  bias?: boolean;
  /**
   * Apply the reset gate after the recurrent matmul, as PyTorch and cuDNN do; `false` applies it
   * to the state before the matmul, as Cho et al. (2014) and Keras `reset_after=False` do.
   * @default true
   */
  resetAfter?: boolean;
}

const KNOWN = ['inputSize', 'hiddenSize', 'bias', 'resetAfter'];

/**
 * GRU cell with gate order r, z, n: `r = σ(W_r x + b_ir + U_r h + b_hr)`,
 * `z = σ(W_z x + b_iz + U_z h + b_hz)`, `h' = (1 - z) n + z h`, and
 * - reset after (default): `n = tanh(W_n x + b_in + r * (U_n h + b_hn))`;
 * - reset before: `n = tanh(W_n x + U_n (r * h) + b_n)`.
 *
 * Parameters: reset after uses PyTorch `GRUCell` names `weight_ih` (3H, I), `weight_hh` (3H, H),
 * `bias_ih`, `bias_hh` (3H); reset before has one `bias` (3H), as its two biases would add up.
 * Carry `{h}`; output `h`.
 *
 * @example
 * const cell = gruCell({ inputSize: 3, hiddenSize: 8 });
 * const params = initParams(cell.paramSpec, seededRandom(0));
 * const [carry, y] = cell.step(params, { h: tf.zeros([2, 8]) }, tf.ones([2, 3]));
 */
export function gruCell(options: GruCellOptions): Cell {
  const fn = 'gruCell';
  checkKnownOptions(fn, 'options', options, KNOWN);
  const inputSize = checkInteger(fn, 'inputSize', options.inputSize, 1);
  const hiddenSize = checkInteger(fn, 'hiddenSize', options.hiddenSize, 1);
  const bias = checkBoolean(fn, 'bias', options.bias ?? true);
  const resetAfter = checkBoolean(fn, 'resetAfter', options.resetAfter ?? true);
  const H = hiddenSize;
  const paramSpec: ParamSpec = {
    weight_ih: entry([3 * H, inputSize], H),
    weight_hh: entry([3 * H, H], H),
    ...(bias && resetAfter ? { bias_ih: entry([3 * H], H), bias_hh: entry([3 * H], H) } : {}),
    ...(bias && !resetAfter ? { bias: entry([3 * H], H) } : {}),
  };
  const name = resetAfter ? 'gruCell' : 'gruCell(resetAfter=false)';

  function stepResetAfter(params: Params, h: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
    const xw = linear(x, param(name, params, 'weight_ih'), bias ? params['bias_ih'] : undefined);
    const hw = linear(h, param(name, params, 'weight_hh'), bias ? params['bias_hh'] : undefined);
    const r = tf.sigmoid(tf.add(block(xw, 0, 3), block(hw, 0, 3)));
    const z = tf.sigmoid(tf.add(block(xw, 1, 3), block(hw, 1, 3)));
    const n = tf.tanh(tf.add(block(xw, 2, 3), tf.mul(r, block(hw, 2, 3))));
    return tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
  }

  function stepResetBefore(params: Params, h: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
    const xw = linear(x, param(name, params, 'weight_ih'), bias ? params['bias'] : undefined);
    const weightHh = param(name, params, 'weight_hh');
    const wRz = tf.slice(weightHh, [0, 0], [2 * H, H]);
    const wN = tf.slice(weightHh, [2 * H, 0], [H, H]);
    const rz = tf.sigmoid(tf.add(tf.slice(xw, [0, 0], [-1, 2 * H]), linear(h, wRz)));
    const r = block(rz as tf.Tensor2D, 0, 2);
    const z = block(rz as tf.Tensor2D, 1, 2);
    const n = tf.tanh(tf.add(block(xw, 2, 3), linear(tf.mul(r, h) as tf.Tensor2D, wN)));
    return tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
  }

  const cell: Cell = {
    name,
    inputSize,
    outputSize: H,
    carrySizes: { h: H },
    paramSpec,
    step(params: Params, carry: Carry, x: tf.Tensor2D): [Carry, tf.Tensor2D] {
      const input = checkStep(cell, params, carry, x);
      const h = carryOf(carry, 'h');
      const hNext = resetAfter ? stepResetAfter(params, h, input) : stepResetBefore(params, h, input);
      return [{ h: hNext }, hNext];
    },
  };
  if (!resetAfter) return cell;
  return {
    ...cell,
    sequence(params, x, carry, { mask, masked, reverse }) {
      const { output, h } = gruSequence(
        {
          x,
          h0: carryOf(carry, 'h'),
          wIh: tf.transpose(param(name, params, 'weight_ih')) as tf.Tensor2D,
          wHh: tf.transpose(param(name, params, 'weight_hh')) as tf.Tensor2D,
          bIh: bias ? param(name, params, 'bias_ih') as tf.Tensor1D : tf.zeros([3 * H]),
          bHh: bias ? param(name, params, 'bias_hh') as tf.Tensor1D : tf.zeros([3 * H]),
          mask,
        },
        { reverse, masked },
      );
      return { output, carry: { h } };
    },
  };
}

// The GRU cell: PyTorch's `nn.GRUCell` (reset after the matmul) or Cho et al.'s (reset before).
import * as tf from '@tensorflow/tfjs-core';
import type { Cell, ParamSpec, Params, PreparedStep } from '@rnnkit/core';
import { checkBoolean, checkInteger, checkKnownOptions, checkParamSpec } from '@rnnkit/core';
import { gruSequence } from '@rnnkit/ops';
import { block, defineCell, entry, linearT, read, stateOf, transposed } from './internal.js';

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
 * State `{h}`; output `h`.
 *
 * @example
 * const cell = gruCell({ inputSize: 3, hiddenSize: 8 });
 * const params = initParams(cell.paramSpec, seededRandom(0));
 * const { state, output } = cell.step(params, tf.ones([2, 3]), { h: tf.zeros([2, 8]) });
 */
export function gruCell(options: GruCellOptions): Cell {
  const fn = 'gruCell';
  checkKnownOptions(fn, 'options', options, KNOWN, { required: true });
  const inputSize = checkInteger(fn, 'inputSize', options.inputSize, 1);
  const hiddenSize = checkInteger(fn, 'hiddenSize', options.hiddenSize, 1);
  const bias = checkBoolean(fn, 'bias', options.bias ?? true);
  const resetAfter = checkBoolean(fn, 'resetAfter', options.resetAfter ?? true);
  const H = hiddenSize;
  const paramSpec: ParamSpec = {
    weight_ih: entry([3 * H, inputSize], H),
    weight_hh: entry([3 * H, H], H),
    ...(bias && resetAfter ? { bias_ih: entry([3 * H], H), bias_hh: entry([3 * H], H) } : {}),
    // Departs from PyTorch's two GRU biases on purpose: with the reset before the matmul they only
    // ever add up, so one `bias`, as Cho et al. and Keras' reset_after=False have it.
    ...(bias && !resetAfter ? { bias: entry([3 * H], H) } : {}),
  };
  checkParamSpec(fn, inputSize > hiddenSize ? 'inputSize' : 'hiddenSize', paramSpec);
  const name = resetAfter ? 'gruCell' : 'gruCell(resetAfter=false)';

  function layoutResetAfter(params: Params): PreparedStep {
    const wIh = transposed(params, 'weight_ih');
    const wHh = transposed(params, 'weight_hh');
    const bIh = bias ? read(params, 'bias_ih') : undefined;
    const bHh = bias ? read(params, 'bias_hh') : undefined;
    return (x, state) => {
      const h = stateOf(state, 'h');
      const xw = linearT(x, wIh, bIh);
      const hw = linearT(h, wHh, bHh);
      const r = tf.sigmoid(tf.add(block(xw, 0, 3), block(hw, 0, 3)));
      const z = tf.sigmoid(tf.add(block(xw, 1, 3), block(hw, 1, 3)));
      const n = tf.tanh(tf.add(block(xw, 2, 3), tf.mul(r, block(hw, 2, 3))));
      const hNext = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) as tf.Tensor2D;
      return { state: { h: hNext }, output: hNext };
    };
  }

  function layoutResetBefore(params: Params): PreparedStep {
    const wIh = transposed(params, 'weight_ih');
    const b = bias ? read(params, 'bias') : undefined;
    const wRz = transposed(params, 'weight_hh', { start: 0, count: 2 * H });
    const wN = transposed(params, 'weight_hh', { start: 2 * H, count: H });
    return (x, state) => {
      const h = stateOf(state, 'h');
      const xw = linearT(x, wIh, b);
      const rz = tf.sigmoid(tf.add(tf.slice(xw, [0, 0], [-1, 2 * H]), linearT(h, wRz))) as tf.Tensor2D;
      const r = block(rz, 0, 2);
      const z = block(rz, 1, 2);
      const n = tf.tanh(tf.add(block(xw, 2, 3), linearT(tf.mul(r, h), wN)));
      const hNext = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) as tf.Tensor2D;
      return { state: { h: hNext }, output: hNext };
    };
  }

  const definition = { name, inputSize, outputSize: H, stateSizes: { h: H }, paramSpec };
  if (!resetAfter) return defineCell({ ...definition, layout: layoutResetBefore });
  return defineCell({
    ...definition,
    layout: layoutResetAfter,
    sequence(params, x, state, { mask, masked, reverse }) {
      const { output, h } = gruSequence(
        {
          x,
          h0: stateOf(state, 'h'),
          wIh: transposed(params, 'weight_ih'),
          wHh: transposed(params, 'weight_hh'),
          bIh: bias ? (read(params, 'bias_ih') as tf.Tensor1D) : tf.zeros([3 * H]),
          bHh: bias ? (read(params, 'bias_hh') as tf.Tensor1D) : tf.zeros([3 * H]),
          mask,
        },
        { reverse, masked },
      );
      return { output, state: { h } };
    },
  });
}

// The Child-Sum Tree-LSTM cell (Tai et al. 2015, eqs. 2-8): any number of unordered children.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamSpec, Params, TreeCell, TreeChildren, TreeStepResult } from '@rnnkit/core';
import { checkBoolean, checkInteger, checkKnownOptions, checkParamSpec } from '@rnnkit/core';
import { block, entry, linearT, read, transposed } from './internal.js';
import { checkTreeStep } from './tree_internal.js';

export interface ChildSumTreeLstmCellOptions {
  inputSize: number;
  hiddenSize: number;
  /** Whether the cell has a bias. @default true */
  bias?: boolean;
}

/**
 * Child-Sum Tree-LSTM, with C(j) the children of node j:
 * `h̃ = Σ_{k∈C(j)} h_k`, `i = σ(W_i x + U_i h̃ + b_i)`, `f_k = σ(W_f x + U_f h_k + b_f)` (one forget
 * gate per child), `o = σ(W_o x + U_o h̃ + b_o)`, `u = tanh(W_u x + U_u h̃ + b_u)`,
 * `c = i ⊙ u + Σ_k f_k ⊙ c_k`, `h = o ⊙ tanh(c)`. A leaf has `h̃ = 0` and no forget term.
 *
 * Parameters: `weight_ih` (4H, I), `weight_hh` (4H, H), `bias` (4H), blocks in order i, f, o, u.
 * Children are unordered; zero-padded child slots add nothing (their `h` and `c` are 0).
 *
 * - `bias`: include `bias`.
 *
 * @example
 * const cell = childSumTreeLstmCell({ inputSize: 4, hiddenSize: 8 });
 * const params = initParams(cell.paramSpec, seededRandom(0));
 * const { state } = cell.step(params, tf.ones([3, 4]), { h: tf.zeros([3, 0, 8]), c: tf.zeros([3, 0, 8]) });
 * // parents use runForest(cell, params, x, parent) to batch whole levels of a forest
 */
export function childSumTreeLstmCell(options: ChildSumTreeLstmCellOptions): TreeCell {
  const fn = 'childSumTreeLstmCell';
  checkKnownOptions(fn, 'options', options, ['inputSize', 'hiddenSize', 'bias'], { required: true });
  const inputSize = checkInteger(fn, 'inputSize', options.inputSize, 1);
  const hiddenSize = checkInteger(fn, 'hiddenSize', options.hiddenSize, 1);
  const bias = checkBoolean(fn, 'bias', options.bias ?? true);
  const H = hiddenSize;
  const paramSpec: ParamSpec = {
    weight_ih: entry([4 * H, inputSize], H),
    weight_hh: entry([4 * H, H], H),
    ...(bias ? { bias: entry([4 * H], H) } : {}),
  };
  checkParamSpec(fn, inputSize > hiddenSize ? 'inputSize' : 'hiddenSize', paramSpec);
  const cell: TreeCell = {
    name: fn,
    inputSize,
    hiddenSize,
    maxChildren: Infinity,
    paramSpec,
    step(params: Params, x: tf.Tensor2D, children: TreeChildren): TreeStepResult {
      const checked = checkTreeStep(cell, params, x, children);
      return tf.tidy(() => {
        const nodes = checked.x.shape[0];
        const count = checked.count;
        const weightHh = transposed(params, 'weight_hh');
        const xw = linearT(checked.x, transposed(params, 'weight_ih'), bias ? read(params, 'bias') : undefined);
        let pre = xw;
        if (count > 0) pre = tf.add(xw, linearT(tf.sum(checked.h, 1), weightHh));
        const i = tf.sigmoid(block(pre, 0, 4));
        const o = tf.sigmoid(block(pre, 2, 4));
        const u = tf.tanh(block(pre, 3, 4));
        let c = tf.mul(i, u) as tf.Tensor2D;
        if (count > 0) {
          // One forget gate per child from its own h: U_f h_k for all (node, child) pairs at once.
          const uf = transposed(params, 'weight_hh', { start: H, count: H });
          const perChild = tf.reshape(linearT(tf.reshape(checked.h, [nodes * count, H]), uf), [nodes, count, H]);
          const f = tf.sigmoid(tf.add(tf.expandDims(block(xw, 1, 4), 1), perChild));
          c = tf.add(c, tf.sum(tf.mul(f, checked.c), 1));
        }
        const h = tf.mul(o, tf.tanh(c)) as tf.Tensor2D;
        return { state: { h, c }, output: h };
      });
    },
  };
  return cell;
}

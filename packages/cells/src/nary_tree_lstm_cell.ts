// The N-ary Tree-LSTM cell (Tai et al. 2015, eqs. 9-14): at most N ordered children.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamSpec, Params, TreeCell, TreeChildren, TreeStepResult } from '@rnnkit/core';
import { checkBoolean, checkInteger, checkKnownOptions, checkParamSpec } from '@rnnkit/core';
import { block, entry, linearT, read, transposed } from './internal.js';
import { checkTreeStep } from './tree_internal.js';

export interface NaryTreeLstmCellOptions {
  inputSize: number;
  hiddenSize: number;
  /** N, the number of child slots (2 for binary trees). */
  arity: number;
  /** Whether the cell has a bias. @default true */
  bias?: boolean;
}

/**
 * N-ary Tree-LSTM, with `h_l`, `c_l` the child in slot l (zero when the slot is empty):
 * `i = σ(W_i x + Σ_l U_i^(l) h_l + b_i)`, `f_k = σ(W_f x + Σ_l U_f^(k,l) h_l + b_f)` (one forget gate
 * per slot k, seeing every child), `o = σ(W_o x + Σ_l U_o^(l) h_l + b_o)`,
 * `u = tanh(W_u x + Σ_l U_u^(l) h_l + b_u)`, `c = i ⊙ u + Σ_l f_l ⊙ c_l`, `h = o ⊙ tanh(c)`.
 *
 * Parameters: `weight_ih` ((3+N)H, I), `weight_hh_l{l}` ((3+N)H, H) for slot l = 0..N-1, and
 * `bias` ((3+N)H), rows in order i, f_1..f_N, o, u; so `U_f^(k,l)` is block f_k of `weight_hh_l{l}`.
 * A node with fewer than N children fills the first slots.
 *
 * - `arity`: N.
 * - `bias`: include `bias`.
 *
 * @example
 * const cell = naryTreeLstmCell({ inputSize: 4, hiddenSize: 8, arity: 2 });
 * const params = initParams(cell.paramSpec, seededRandom(0));
 * const { h, c } = runForest(cell, params, tf.ones([3, 4]), [-1, 0, 0]); // a root with two leaves
 */
export function naryTreeLstmCell(options: NaryTreeLstmCellOptions): TreeCell {
  const fn = 'naryTreeLstmCell';
  checkKnownOptions(fn, 'options', options, ['inputSize', 'hiddenSize', 'arity', 'bias'], { required: true });
  const inputSize = checkInteger(fn, 'inputSize', options.inputSize, 1);
  const hiddenSize = checkInteger(fn, 'hiddenSize', options.hiddenSize, 1);
  const arity = checkInteger(fn, 'arity', options.arity, 1);
  const bias = checkBoolean(fn, 'bias', options.bias ?? true);
  const H = hiddenSize;
  const blocks = 3 + arity;
  const spec: Record<string, ParamSpec[string]> = { weight_ih: entry([blocks * H, inputSize], H) };
  if (bias) spec['bias'] = entry([blocks * H], H);
  for (let l = 0; l < arity; l++) spec[`weight_hh_l${l}`] = entry([blocks * H, H], H);
  checkParamSpec(fn, inputSize > hiddenSize ? 'inputSize' : 'hiddenSize', spec);
  const name = `${fn}(N=${arity})`;
  const cell: TreeCell = {
    name,
    inputSize,
    hiddenSize,
    maxChildren: arity,
    paramSpec: spec,
    step(params: Params, x: tf.Tensor2D, children: TreeChildren): TreeStepResult {
      const checked = checkTreeStep(cell, params, x, children);
      return tf.tidy(() => {
        const nodes = checked.x.shape[0];
        const count = checked.count;
        let pre = linearT(checked.x, transposed(params, 'weight_ih'), bias ? read(params, 'bias') : undefined);
        if (count > 0) {
          // Σ_l U^(l) h_l as one product: children side by side times the slot weights side by side.
          const weights = Array.from({ length: count }, (_, l) => read(params, `weight_hh_l${l}`));
          const stackedWeights = count === 1 ? (weights[0] as tf.Tensor2D) : tf.concat(weights, 1);
          pre = tf.add(pre, linearT(tf.reshape(checked.h, [nodes, count * H]), tf.transpose(stackedWeights) as tf.Tensor2D));
        }
        const i = tf.sigmoid(block(pre, 0, blocks));
        const o = tf.sigmoid(block(pre, 1 + arity, blocks));
        const u = tf.tanh(block(pre, 2 + arity, blocks));
        let c = tf.mul(i, u) as tf.Tensor2D;
        if (count > 0) {
          // Empty trailing slots (k >= count) have c = 0, so their forget gates add nothing.
          const f = tf.sigmoid(tf.reshape(tf.slice(pre, [0, H], [nodes, count * H]), [nodes, count, H]));
          c = tf.add(c, tf.sum(tf.mul(f, checked.c), 1));
        }
        const h = tf.mul(o, tf.tanh(c)) as tf.Tensor2D;
        return { state: { h, c }, output: h };
      });
    },
  };
  return cell;
}

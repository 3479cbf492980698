// Multi-head attention with the parameters and numbers of PyTorch's nn.MultiheadAttention.
import * as tf from '@tensorflow/tfjs-core';
import type { LengthsInput, Params } from '@rnnkit/core';
import { InputError, checkBoolean, checkInteger, checkKnownOptions } from '@rnnkit/core';
import { attentionParam, checkAttentionInputs, checkParamNames, maskedSoftmax, visibilityTensor } from './attention_internal.js';

/** Options of `multiHeadAttention`. */
export interface MultiHeadAttentionOptions {
  /** Number of heads; must divide the embedding size E. */
  numHeads: number;
  /** Keys of sample n at `t >= lengths[n]` are padding (PyTorch's `key_padding_mask`). @default every key is visible */
  lengths?: LengthsInput;
  /** Query i sees only keys `t <= i + (Tk - Tq)` (an upper-triangular `attn_mask`). @default false */
  causal?: boolean;
  /** Whether the projections have biases (`in_proj_bias`, `out_proj.bias`). @default true */
  bias?: boolean;
  /** Return the weights averaged over heads (N, Tq, Tk) rather than per head (N, heads, Tq, Tk). @default true */
  averageWeights?: boolean;
}

/** The attention output (N, Tq, E) and the weights, averaged over heads unless asked otherwise. (A type, not an interface, so tf.tidy can return it.) */
export type MultiHeadAttentionResult = {
  context: tf.Tensor3D;
  weights: tf.Tensor3D | tf.Tensor4D;
};

/**
 * PyTorch's `nn.MultiheadAttention` forward, batch-first: `q = query W_q^T + b_q`,
 * `k = key W_k^T + b_k`, `v = value W_v^T + b_v` (W_q, W_k, W_v stacked in `in_proj_weight`);
 * head h uses features `h*E/heads .. (h+1)*E/heads - 1`; per head
 * `weights = softmax(q k^T / sqrt(E/heads))` over the visible keys and `o = weights v`; the heads
 * are concatenated and `context = o W_out^T + b_out`.
 *
 * Parameters: `in_proj_weight` (3E, E), `in_proj_bias` (3E), `out_proj.weight` (E, E),
 * `out_proj.bias` (E): PyTorch's `state_dict` names, so weights load without renaming.
 *
 * Departure from PyTorch: a query whose keys are all hidden gets zero weights and
 * `context = b_out` (the zero attention output projected), where PyTorch gives NaN.
 *
 * - `numHeads`: heads; E must be a multiple.
 * - `lengths`: key padding per sample.
 * - `causal`: hide keys after each query's position.
 * - `bias`: projections with biases, as PyTorch's `bias=True`.
 * - `averageWeights`: PyTorch's `average_attn_weights`.
 *
 * @example
 * const E = 8;
 * const params = { in_proj_weight: tf.randomNormal([3 * E, E]), in_proj_bias: tf.zeros([3 * E]),
 *   'out_proj.weight': tf.randomNormal([E, E]), 'out_proj.bias': tf.zeros([E]) };
 * const x = tf.randomNormal([2, 5, E]);
 * const { context, weights } = multiHeadAttention(params, x, x, x, { numHeads: 2, lengths: [5, 3] });
 */
export function multiHeadAttention(
  params: Params,
  query: tf.Tensor3D,
  key: tf.Tensor3D,
  value: tf.Tensor3D,
  options: MultiHeadAttentionOptions,
): MultiHeadAttentionResult {
  const fn = 'multiHeadAttention';
  if (typeof options !== 'object' || options === null) {
    throw new InputError(fn, 'options', 'options must be an object with at least numHeads');
  }
  checkKnownOptions(fn, 'options', options, ['numHeads', 'lengths', 'causal', 'bias', 'averageWeights']);
  const { numHeads, lengths, causal = false, bias = true, averageWeights = true } = options;
  const inputs = checkAttentionInputs(fn, { query: 'query', keys: 'key', values: 'value' }, query, key, value, lengths, causal);
  const heads = checkInteger(fn, 'numHeads', numHeads, 1);
  checkBoolean(fn, 'bias', bias);
  checkBoolean(fn, 'averageWeights', averageWeights);
  const [batch, queries, embed] = inputs.query.shape;
  const steps = inputs.keys.shape[1];
  for (const [name, t] of [['key', inputs.keys], ['value', inputs.values]] as const) {
    if (t.shape[2] !== embed) {
      throw new InputError(fn, name, `${name} must have the query's ${embed} features (N, Tk, E), got shape [${t.shape.join(', ')}]`);
    }
  }
  if (embed % heads !== 0) {
    throw new InputError(fn, 'numHeads', `numHeads must divide the embedding size ${embed}, got ${heads}`);
  }
  const known = ['in_proj_weight', 'out_proj.weight', ...(bias ? ['in_proj_bias', 'out_proj.bias'] : [])];
  checkParamNames(fn, params, known, `multi-head attention with bias: ${String(bias)}`);
  const inWeight = attentionParam(fn, params, 'in_proj_weight', [3 * embed, embed], '(3E, E)');
  const outWeight = attentionParam(fn, params, 'out_proj.weight', [embed, embed], '(E, E)');
  const inBias = bias ? attentionParam(fn, params, 'in_proj_bias', [3 * embed], '(3E)') : undefined;
  const outBias = bias ? attentionParam(fn, params, 'out_proj.bias', [embed], '(E)') : undefined;
  const headSize = embed / heads;
  return tf.tidy(() => {
    // (N, T, E) -> (N, heads, T, E/heads) after the projection with rows [start, start + E).
    const projectHeads = (x: tf.Tensor3D, start: number): tf.Tensor4D => {
      const rows = x.shape[1];
      const w = tf.slice(inWeight, [start, 0], [embed, embed]);
      let flat = tf.matMul(tf.reshape(x, [batch * rows, embed]), w as tf.Tensor2D, false, true);
      if (inBias !== undefined) flat = tf.add(flat, tf.slice(inBias, [start], [embed]));
      return tf.transpose(tf.reshape(flat, [batch, rows, heads, headSize]), [0, 2, 1, 3]);
    };
    const q = projectHeads(inputs.query, 0);
    const k = projectHeads(inputs.keys, embed);
    const v = projectHeads(inputs.values, 2 * embed);
    const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(headSize)); // (N, heads, Tq, Tk)
    const visible = inputs.visible === null ? null : visibilityTensor(inputs.visible, [batch, heads, queries, steps], heads);
    const weights = maskedSoftmax(scores, visible) as tf.Tensor4D;
    const perHead = tf.matMul(weights, v); // (N, heads, Tq, E/heads)
    const joined = tf.reshape(tf.transpose(perHead, [0, 2, 1, 3]), [batch * queries, embed]);
    let out = tf.matMul(joined, outWeight as tf.Tensor2D, false, true);
    if (outBias !== undefined) out = tf.add(out, outBias);
    return {
      context: tf.reshape(out, [batch, queries, embed]) as tf.Tensor3D,
      weights: averageWeights ? (tf.mean(weights, 1) as tf.Tensor3D) : weights,
    };
  });
}

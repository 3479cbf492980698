// Additive attention (Bahdanau et al. 2015): a small feed-forward net scores each key.
import * as tf from '@tensorflow/tfjs-core';
import type { LengthsInput, Params } from '@rnnkit/core';
import { checkKnownOptions } from '@rnnkit/core';
import type { AttentionResult } from './attention_result.js';
import { attentionParam, checkAttentionInputs, checkParamNames, checkParamSize, maskedSoftmax, visibilityTensor, weightedSum } from './attention_internal.js';
import { bahdanauScorer } from './key_scorer.js';

/** Options of `bahdanauAttention`. */
export interface BahdanauAttentionOptions {
  /** Values (N, Tk, Dv) to average; the keys themselves when absent. @default keys */
  values?: tf.Tensor3D;
  /** Keys of sample n at `t >= lengths[n]` are padding and get weight 0. @default every key is visible */
  lengths?: LengthsInput;
  /** Query i sees only keys `t <= i + (Tk - Tq)`. @default false */
  causal?: boolean;
}

/**
 * Bahdanau (additive) attention:
 * `score[n,i,t] = v · tanh(W_q q[n,i] + W_k k[n,t] + b)`, `weights = softmax_t(score)` over the
 * visible keys, `context[n,i] = Σ_t weights[n,i,t] · values[n,t]`.
 *
 * Parameters: `W_q` (A, Dq), `W_k` (A, Dk), `b` (A), `v` (A), with A the attention size.
 * A query whose keys are all hidden (length 0, or causal with no key yet) gets zero weights and a
 * zero context, never NaN.
 *
 * - `values`: what is averaged; defaults to the keys (the encoder states in Bahdanau's paper).
 * - `lengths`: key padding per sample.
 * - `causal`: hide keys after each query's position.
 *
 * @example
 * const params = { W_q: tf.randomNormal([6, 5]), W_k: tf.randomNormal([6, 7]), b: tf.zeros([6]), v: tf.randomNormal([6]) };
 * const { context, weights } = bahdanauAttention(params, tf.randomNormal([2, 3, 5]), tf.randomNormal([2, 4, 7]), { lengths: [4, 2] });
 * // context (2, 3, 7), weights (2, 3, 4)
 */
export function bahdanauAttention(
  params: Params,
  query: tf.Tensor3D,
  keys: tf.Tensor3D,
  options: BahdanauAttentionOptions = {},
): AttentionResult {
  const fn = 'bahdanauAttention';
  checkKnownOptions(fn, 'options', options, ['values', 'lengths', 'causal']);
  const { values = keys, lengths, causal = false } = options;
  const inputs = checkAttentionInputs(fn, { query: 'query', keys: 'keys', values: 'options.values' }, query, keys, values, lengths, causal);
  checkParamNames(fn, params, ['W_q', 'W_k', 'b', 'v'], 'Bahdanau attention');
  const wq = attentionParam(fn, params, 'W_q', [null, inputs.query.shape[2]], '(A, Dq)');
  const size = checkParamSize(fn, 'W_q', wq, 0, 'attention size A');
  const wk = attentionParam(fn, params, 'W_k', [size, inputs.keys.shape[2]], '(A, Dk)');
  const b = attentionParam(fn, params, 'b', [size], '(A)');
  const v = attentionParam(fn, params, 'v', [size], '(A)');
  return tf.tidy(() => {
    const [batch, queries] = inputs.query.shape;
    const steps = inputs.keys.shape[1];
    const scores = bahdanauScorer(wq, wk, b, v, inputs.keys)(inputs.query);
    const visible = inputs.visible === null ? null : visibilityTensor(inputs.visible, [batch, queries, steps]);
    const weights = maskedSoftmax(scores, visible) as tf.Tensor3D;
    return { context: weightedSum(weights, inputs.values), weights };
  });
}

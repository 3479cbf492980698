// Multiplicative attention (Luong et al. 2015): the "dot" and "general" scores.
import * as tf from '@tensorflow/tfjs-core';
import type { LengthsInput, Params } from '@rnnkit/core';
import { InputError, checkKnownOptions, checkOneOf } from '@rnnkit/core';
import { attentionParam, checkAttentionInputs, checkParamNames, maskedSoftmax, visibilityTensor, weightedSum } from './attention_internal.js';
import { dotScorer } from './key_scorer.js';
import type { AttentionResult } from './attention_result.js';

/** Options of `luongAttention`. */
export interface LuongAttentionOptions {
  /** `dot`: `q · k`; `general`: `q · (W k)` with `params.W` (Dq, Dk). @default 'dot' */
  score?: 'dot' | 'general';
  /** Values (N, Tk, Dv) to average; the keys themselves when absent. @default keys */
  values?: tf.Tensor3D;
  /** Keys of sample n at `t >= lengths[n]` are padding and get weight 0. @default every key is visible */
  lengths?: LengthsInput;
  /** Query i sees only keys `t <= i + (Tk - Tq)`. @default false */
  causal?: boolean;
}

/**
 * Luong attention: `score[n,i,t] = q[n,i] · k[n,t]` (dot, Dq = Dk) or `q[n,i] · (W k[n,t])`
 * (general, `W` (Dq, Dk)); `weights = softmax_t(score)` over the visible keys;
 * `context[n,i] = Σ_t weights[n,i,t] · values[n,t]`. Scores are not scaled (see
 * `scaledDotProductAttention` for the 1/sqrt(D) form).
 *
 * A query whose keys are all hidden gets zero weights and a zero context, never NaN.
 *
 * - `score`: which score function; `general` needs `params.W`, `dot` takes `{}`.
 * - `values`: what is averaged; defaults to the keys, as in the paper.
 * - `lengths`: key padding per sample.
 * - `causal`: hide keys after each query's position.
 *
 * @example
 * const { context, weights } = luongAttention({ W: tf.randomNormal([5, 7]) }, tf.randomNormal([2, 3, 5]),
 *   tf.randomNormal([2, 4, 7]), { score: 'general', lengths: [4, 1] });
 */
export function luongAttention(
  params: Params,
  query: tf.Tensor3D,
  keys: tf.Tensor3D,
  options: LuongAttentionOptions = {},
): AttentionResult {
  const fn = 'luongAttention';
  checkKnownOptions(fn, 'options', options, ['score', 'values', 'lengths', 'causal']);
  const { score = 'dot', values = keys, lengths, causal = false } = options;
  checkOneOf(fn, 'score', score, ['dot', 'general'] as const);
  const inputs = checkAttentionInputs(fn, { query: 'query', keys: 'keys', values: 'options.values' }, query, keys, values, lengths, causal);
  const queryFeatures = inputs.query.shape[2];
  const keyFeatures = inputs.keys.shape[2];
  checkParamNames(fn, params, score === 'general' ? ['W'] : [], `Luong attention with the ${score} score`);
  const w = score === 'general' ? attentionParam(fn, params, 'W', [queryFeatures, keyFeatures], '(Dq, Dk)') : undefined;
  if (w === undefined && queryFeatures !== keyFeatures) {
    throw new InputError(fn, 'keys', `keys must have the query's ${queryFeatures} features for the dot score (N, Tk, Dq), got shape [${inputs.keys.shape.join(', ')}]`);
  }
  return tf.tidy(() => {
    const [batch, queries] = inputs.query.shape;
    const steps = inputs.keys.shape[1];
    const scores = dotScorer(inputs.keys, 1, w)(inputs.query);
    const visible = inputs.visible === null ? null : visibilityTensor(inputs.visible, [batch, queries, steps]);
    const weights = maskedSoftmax(scores, visible) as tf.Tensor3D;
    return { context: weightedSum(weights, inputs.values), weights };
  });
}

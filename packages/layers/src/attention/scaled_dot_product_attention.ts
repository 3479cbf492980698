// Scaled dot-product attention (Vaswani et al. 2017) with key padding and causal masks.
import * as tf from '@tensorflow/tfjs-core';
import type { LengthsInput } from '@rnnkit/core';
import { InputError, checkKnownOptions } from '@rnnkit/core';
import { checkAttentionInputs, maskedSoftmax, visibilityTensor, weightedSum } from './attention_internal.js';
import { dotScorer } from './key_scorer.js';
import type { AttentionResult } from './attention_result.js';

export interface ScaledDotProductAttentionOptions {
  /** Keys of sample n at `t >= lengths[n]` are padding and get weight 0. @default every key is visible */
  lengths?: LengthsInput;
  /** Query i sees only keys `t <= i + (Tk - Tq)`. @default false */
  causal?: boolean;
}

/**
 * Scaled dot-product attention: `weights = softmax_t(q k^T / sqrt(D))` over the visible keys,
 * `context = weights @ values`, with D the query/key feature size.
 *
 * Departure from PyTorch's `F.scaled_dot_product_attention`: a query whose keys are all hidden
 * gets zero weights and a zero context instead of NaN, so padded batches need no special case.
 *
 * - `lengths`: key padding per sample (a key is hidden where `t >= lengths[n]`).
 * - `causal`: query i sees keys `t <= i + (Tk - Tq)`, i.e. the queries are the last Tq positions.
 *
 * @example
 * const x = tf.randomNormal([2, 5, 8]);
 * const { context, weights } = scaledDotProductAttention(x, x, x, { causal: true, lengths: [5, 3] });
 */
export function scaledDotProductAttention(
  query: tf.Tensor3D,
  keys: tf.Tensor3D,
  values: tf.Tensor3D,
  options: ScaledDotProductAttentionOptions = {},
): AttentionResult {
  const fn = 'scaledDotProductAttention';
  checkKnownOptions(fn, 'options', options, ['lengths', 'causal']);
  const { lengths, causal = false } = options;
  const inputs = checkAttentionInputs(fn, { query: 'query', keys: 'keys', values: 'values' }, query, keys, values, lengths, causal);
  const features = inputs.query.shape[2];
  if (inputs.keys.shape[2] !== features) {
    throw new InputError(fn, 'keys', `keys must have the query's ${features} features (N, Tk, D), got shape [${inputs.keys.shape.join(', ')}]`);
  }
  return tf.tidy(() => {
    const [batch, queries] = inputs.query.shape;
    const steps = inputs.keys.shape[1];
    const scores = dotScorer(inputs.keys, 1 / Math.sqrt(features))(inputs.query);
    const visible = inputs.visible === null ? null : visibilityTensor(inputs.visible, [batch, queries, steps]);
    const weights = maskedSoftmax(scores, visible) as tf.Tensor3D;
    return { context: weightedSum(weights, inputs.values), weights };
  });
}

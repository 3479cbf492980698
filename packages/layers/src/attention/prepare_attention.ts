// Attention over fixed keys queried many times (a decoder, step by step): the keys' side of the
// score, the values and the padding mask are prepared once.
import type * as tf from '@tensorflow/tfjs-core';
import type { LengthsInput, Params } from '@rnnkit/core';
import { InputError, checkKnownOptions, checkLengths, checkOneOf, checkTensor, describeValue, shape3 } from '@rnnkit/core';
import type { AttentionResult } from './attention_result.js';
import { attentionParam, checkParamNames, checkParamSize, maskedSoftmax, visibility, visibilityTensor, weightedSum } from './attention_internal.js';
import type { KeyScorer } from './key_scorer.js';
import { bahdanauScorer, dotScorer } from './key_scorer.js';

/** The score functions: those of `bahdanauAttention`, `luongAttention` and `scaledDotProductAttention`. */
export type AttentionScore = 'bahdanau' | 'luong_general' | 'luong_dot' | 'scaled_dot';

/** Options of {@link prepareAttention}: the values to average and the keys' padding. */
export interface PrepareAttentionOptions {
  /** Values (N, Tk, Dv) to average; the keys themselves when absent. @default keys */
  values?: tf.Tensor3D;
  /** Keys of sample n at `t >= lengths[n]` are padding and get weight 0. @default every key is visible */
  lengths?: LengthsInput;
}

/** Keys prepared for many queries. */
export interface PreparedAttention {
  /** The query size Dq that `attend` takes. */
  readonly querySize: number;
  /** Attends `query` (N, Tq, Dq): the numbers of the matching attention function. */
  attend(query: tf.Tensor3D): AttentionResult;
}

/**
 * Prepares `keys` (N, Tk, Dk) once for `score`, so each later query costs only its own part: the
 * query projection and the product with the prepared keys. `params` are those of the matching
 * function: `{ W_q, W_k, b, v }` for `bahdanau`, `{ W }` for `luong_general`, `{}` for
 * `luong_dot` and `scaled_dot`. The prepared tensors live until the caller's `tf.tidy` ends.
 *
 * @example
 * const prepared = prepareAttention('bahdanau', params, encoderOutputs, { lengths });
 * for (...) { const { context } = prepared.attend(tf.expandDims(h, 1)); ... }
 */
export function prepareAttention(
  score: AttentionScore,
  params: Params,
  keys: tf.Tensor3D,
  options: PrepareAttentionOptions = {},
): PreparedAttention {
  const fn = 'prepareAttention';
  checkOneOf(fn, 'score', score, ['bahdanau', 'luong_general', 'luong_dot', 'scaled_dot'] as const);
  if (typeof options !== 'object' || options === null) {
    throw new InputError(fn, 'options', `options must be an object, got ${describeValue(options)}`);
  }
  checkKnownOptions(fn, 'options', options, ['values', 'lengths']);
  const k = checkTensor(fn, 'keys', keys, { rank: 3, axes: '(N, Tk, Dk)' }) as tf.Tensor3D;
  const [batch, steps, keySize] = shape3(k);
  // No key features means every score is the same: weights that look uniform but say nothing.
  if (batch < 1 || steps < 1 || keySize < 1) throw new InputError(fn, 'keys', `keys must have at least one sample, one step and one feature (N, Tk, Dk), got shape [${k.shape.join(', ')}]`);
  const values = checkTensor(fn, 'options.values', options.values ?? k, { shape: [batch, steps, null], axes: '(N, Tk, Dv) with the N and Tk of the keys' }) as tf.Tensor3D;
  const lengths = options.lengths === undefined ? undefined : checkLengths(fn, options.lengths, batch, steps);
  let querySize = keySize;
  let scorer: KeyScorer;
  checkParamNames(fn, params, score === 'bahdanau' ? ['W_q', 'W_k', 'b', 'v'] : score === 'luong_general' ? ['W'] : [], `the ${score} score`);
  if (score === 'bahdanau') {
    const wq = attentionParam(fn, params, 'W_q', [null, null], '(A, Dq)');
    const size = checkParamSize(fn, 'W_q', wq, 0, 'attention size A');
    const dq = checkParamSize(fn, 'W_q', wq, 1, 'query size Dq');
    const wk = attentionParam(fn, params, 'W_k', [size, keySize], '(A, Dk)');
    const b = attentionParam(fn, params, 'b', [size], '(A)');
    const v = attentionParam(fn, params, 'v', [size], '(A)');
    querySize = dq;
    scorer = bahdanauScorer(wq, wk, b, v, k);
  } else if (score === 'luong_general') {
    const w = attentionParam(fn, params, 'W', [null, keySize], '(Dq, Dk)');
    querySize = checkParamSize(fn, 'W', w, 0, 'query size Dq');
    scorer = dotScorer(k, 1, w);
  } else {
    scorer = dotScorer(k, score === 'scaled_dot' ? 1 / Math.sqrt(keySize) : 1);
  }
  const maskOf = (queries: number): tf.Tensor | null => {
    const pattern = visibility(batch, queries, steps, lengths, false);
    return pattern === null ? null : visibilityTensor(pattern, [batch, queries, steps]);
  };
  // A decoder queries one step at a time: that mask is made here, once, with the keys' side.
  const singleQueryMask = maskOf(1);
  return {
    querySize,
    attend(query) {
      const method = 'prepareAttention.attend';
      const q = checkTensor(method, 'query', query, { shape: [batch, null, querySize], axes: '(N, Tq, Dq) with the N of the keys' }) as tf.Tensor3D;
      const queries = shape3(q)[1];
      if (queries < 1) throw new InputError(method, 'query', `query must have at least one step (N, Tq, Dq), got shape [${q.shape.join(', ')}]`);
      const visible = queries === 1 ? singleQueryMask : maskOf(queries);
      const weights = maskedSoftmax(scorer(q), visible) as tf.Tensor3D;
      return { context: weightedSum(weights, values), weights };
    },
  };
}

// prepareAttention: keys prepared once give the numbers of each attention function for one and
// several queries, with padding, and leak nothing; bad input is named.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { FORWARD_TOLERANCE, compareValues } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { bahdanauAttention } from './bahdanau_attention.js';
import { luongAttention } from './luong_attention.js';
import type { AttentionScore } from './prepare_attention.js';
import { prepareAttention } from './prepare_attention.js';
import { scaledDotProductAttention } from './scaled_dot_product_attention.js';

const close = (a: tf.Tensor, b: tf.Tensor): void => {
  expect(a.shape).toEqual(b.shape);
  expect(compareValues(a.dataSync(), b.dataSync(), FORWARD_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
};

describeWithBackends(['cpu', 'wasm'], 'prepareAttention', () => {
  it.each(['bahdanau', 'luong_general', 'luong_dot', 'scaled_dot'] as const)('%s: attend equals the attention function, Tq = 1 and 3', (score: AttentionScore) => {
    tf.tidy(() => {
      const keys = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 1) as tf.Tensor3D;
      const values = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 2) as tf.Tensor3D;
      const params: Record<string, tf.Tensor> = score === 'bahdanau'
        ? { W_q: tf.randomNormal([6, 4], 0, 1, 'float32', 3), W_k: tf.randomNormal([6, 4], 0, 1, 'float32', 4), b: tf.randomNormal([6], 0, 1, 'float32', 5), v: tf.randomNormal([6], 0, 1, 'float32', 6) }
        : score === 'luong_general' ? { W: tf.randomNormal([4, 4], 0, 1, 'float32', 7) } : {};
      const lengths = [5, 2];
      const prepared = prepareAttention(score, params, keys, { values, lengths });
      for (const queries of [1, 3]) {
        const query = tf.randomNormal([2, queries, 4], 0, 1, 'float32', 8 + queries) as tf.Tensor3D;
        const expected = score === 'bahdanau' ? bahdanauAttention(params, query, keys, { values, lengths })
          : score === 'scaled_dot' ? scaledDotProductAttention(query, keys, values, { lengths })
            : luongAttention(params, query, keys, { values, lengths, score: score === 'luong_dot' ? 'dot' : 'general' });
        const got = prepared.attend(query);
        close(got.context, expected.context);
        close(got.weights, expected.weights);
        // Padding keys get no weight.
        expect(Array.from(tf.slice(got.weights, [1, 0, 2], [1, queries, 3]).dataSync()).every((w) => w === 0)).toBe(true);
      }
    });
  });

  it('rejects bad input naming the argument', () => {
    tf.tidy(() => {
      const keys = tf.zeros([2, 5, 4]) as tf.Tensor3D;
      expect(() => prepareAttention('concat' as never, {}, keys)).toThrow('prepareAttention: score must be one of "bahdanau", "luong_general", "luong_dot", "scaled_dot", got "concat"');
      expect(() => prepareAttention('luong_general', {}, keys)).toThrow(/prepareAttention: params.W is missing/);
      expect(() => prepareAttention('scaled_dot', {}, keys, { lengths: [5, 6] })).toThrow(/lengths\[1\] must be an integer in \[0, 5\]/);
      expect(() => prepareAttention('scaled_dot', {}, keys, { causal: true } as never)).toThrow(/unknown option "causal"/);
      const prepared = prepareAttention('scaled_dot', {}, keys);
      expect(() => prepared.attend(tf.zeros([3, 1, 4]) as tf.Tensor3D)).toThrow('prepareAttention.attend: query must have shape [2, *, 4] (N, Tq, Dq) with the N of the keys, got shape [3, 1, 4]');
    });
  });
});

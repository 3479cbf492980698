// The gate squashing functions against plain float64 formulas, and their output-based derivatives
// against tfjs's own gradients of the same functions written with tfjs ops.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rnnkit/testing';
import { gateSlope, squashGate } from './index.js';

// Off the hard sigmoid's two corners (a = -2.5 and 2.5), where only the gradient convention differs.
const A = [-7, -2.6, -2.4, -1, -0.1, 0, 0.3, 1.7, 2.4, 2.6, 9];

const hardSigmoid = (a: number): number => Math.min(Math.max(0.2 * a + 0.5, 0), 1);
const logistic = (a: number): number => 1 / (1 + Math.exp(-a));

describe('squashGate and gateSlope', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('squash as the logistic and as clip(0.2 a + 0.5, 0, 1)', () => {
    const a = tf.tensor2d(A, [1, A.length]);
    const close = (got: tf.Tensor, f: (v: number) => number): void => {
      Array.from(got.dataSync()).forEach((v, k) => expect(v).toBeCloseTo(f(A[k] as number), 6));
    };
    close(squashGate('sigmoid', a), logistic);
    close(squashGate('hardSigmoid', a), hardSigmoid);
  });

  it('give the derivative tfjs computes for each, from the output alone', () => {
    const a = tf.tensor2d(A, [1, A.length]);
    for (const kind of ['sigmoid', 'hardSigmoid'] as const) {
      const expected = tf.grad((v: tf.Tensor) => (kind === 'sigmoid' ? tf.sigmoid(v) : tf.clipByValue(tf.add(tf.mul(v, 0.2), 0.5), 0, 1)))(a);
      const got = gateSlope(kind, squashGate(kind, a));
      Array.from(got.dataSync()).forEach((v, k) => expect(v).toBeCloseTo(expected.dataSync()[k] as number, 6));
    }
    // The hard sigmoid is flat outside (-2.5, 2.5) and 0.2 inside.
    expect(Array.from(gateSlope('hardSigmoid', squashGate('hardSigmoid', a)).dataSync())).toEqual(A.map((v) => (Math.abs(v) < 2.5 ? Math.fround(0.2) : 0)));
  });
});

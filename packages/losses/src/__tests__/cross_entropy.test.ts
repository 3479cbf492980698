// crossEntropy against a float64 reference from the definition, finite differences and bad input.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@rnnkit/core';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { crossEntropy } from '../index.js';
import { crossEntropyReference, logSoftmaxRows } from './float64_reference.js';

const random = seededRandom(5);
const matrix = (rows: number, cols: number, scale = 2): number[][] =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => (random() - 0.5) * 2 * scale));

function expectClose(actual: ArrayLike<number>, expected: readonly number[], atol = 1e-5, rtol = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const b = expected[i] as number;
    expect(Math.abs((actual[i] as number) - b)).toBeLessThanOrEqual(atol + rtol * Math.abs(b));
  }
}

describeWithBackends(['cpu', 'wasm'], 'crossEntropy', () => {
  it('matches the float64 reference for every reduction, with weights, smoothing and ignored rows', () => {
    const logits = matrix(7, 5);
    const target = [0, 4, -100, 2, 2, 1, -100];
    const weight = [0.5, 1.5, 1, 2, 0.25];
    for (const eps of [0, 0.2]) {
      const ref = crossEntropyReference(logits, target, { weight, eps });
      const run = (reduction: 'none' | 'sum' | 'mean'): Float32Array =>
        tf.tidy(() => crossEntropy(tf.tensor2d(logits), tf.tensor1d(target, 'int32'), { weight, labelSmoothing: eps, reduction }).dataSync() as Float32Array);
      expectClose(run('none'), ref.losses);
      const sum = ref.losses.reduce((a, b) => a + b, 0);
      expectClose(run('sum'), [sum]);
      expectClose(run('mean'), [sum / ref.denominator]);
    }
  });

  it('treats an ignoreIndex inside the class range as ignored', () => {
    const logits = matrix(4, 3);
    const target = [0, 1, 2, 1];
    const ref = crossEntropyReference(logits, target, { ignoreIndex: 1 });
    const got = tf.tidy(() => crossEntropy(tf.tensor2d(logits), tf.tensor1d(target, 'int32'), { ignoreIndex: 1, reduction: 'mean' }).dataSync());
    expectClose(got, [ref.losses.reduce((a, b) => a + b, 0) / 2]);
  });

  it('takes any leading shape, classes last', () => {
    const logits = matrix(6, 4);
    const target = [3, 0, 1, 1, 2, -100];
    const flat = tf.tidy(() => crossEntropy(tf.tensor2d(logits), tf.tensor1d(target, 'int32'), { reduction: 'none' }).dataSync());
    const seq = tf.tidy(() => {
      const out = crossEntropy(tf.tensor3d(logits.flat(), [2, 3, 4]), tf.tensor2d(target, [2, 3], 'int32'), { reduction: 'none' });
      expect(out.shape).toEqual([2, 3]);
      return out.dataSync();
    });
    expectClose(seq, Array.from(flat));
  });

  it('takes probability targets with PyTorch mean over positions', () => {
    const logits = matrix(3, 4);
    const probs = logSoftmaxRows(matrix(3, 4)).map((row) => row.map(Math.exp));
    const weight = [1, 2, 0.5, 1];
    const eps = 0.1;
    const logp = logSoftmaxRows(logits);
    const expected = logp.map((row, i) => -row.reduce((acc, v, c) => acc + (weight[c] as number) * ((1 - eps) * ((probs[i] as number[])[c] as number) + eps / 4) * v, 0));
    const got = tf.tidy(() => crossEntropy(tf.tensor2d(logits), tf.tensor2d(probs), { weight, labelSmoothing: eps, reduction: 'mean' }).dataSync());
    expectClose(got, [expected.reduce((a, b) => a + b, 0) / 3]);
  });

  it('has the gradient of the float64 reference (central differences)', () => {
    const logits = matrix(5, 4);
    const target = [1, -100, 3, 0, 3];
    const weight = [1, 0.5, 2, 1.5];
    const eps = 0.15;
    const objective = (z: number[][]): number => {
      const ref = crossEntropyReference(z, target, { weight, eps });
      return ref.losses.reduce((a, b) => a + b, 0) / ref.denominator;
    };
    const h = 1e-6;
    const expected = logits.flatMap((row, i) =>
      row.map((_, c) => {
        const plus = logits.map((r) => [...r]);
        const minus = logits.map((r) => [...r]);
        (plus[i] as number[])[c] = (row[c] as number) + h;
        (minus[i] as number[])[c] = (row[c] as number) - h;
        return (objective(plus) - objective(minus)) / (2 * h);
      }),
    );
    const got = tf.tidy(() =>
      tf.grad((z: tf.Tensor) => crossEntropy(z, tf.tensor1d(target, 'int32'), { weight, labelSmoothing: eps }))(tf.tensor2d(logits)).dataSync(),
    );
    expectClose(got, expected, 1e-4, 1e-3);
  });

  it('never turns a -Infinity logit of another class into NaN', () => {
    const got = tf.tidy(() => {
      const logits = tf.tensor2d([[0, -Infinity, 1]]);
      const target = tf.tensor1d([2], 'int32');
      return [crossEntropy(logits, target).dataSync()[0], tf.grad((z: tf.Tensor) => crossEntropy(z, target))(logits).dataSync()];
    });
    expect(got[0]).toBeCloseTo(Math.log(1 + Math.exp(-1)), 5);
    expect(Array.from(got[1] as Float32Array).some(Number.isNaN)).toBe(false);
  });

  it('rejects bad input with the argument and what came', () => {
    const logits = tf.zeros([3, 4]);
    const target = tf.tensor1d([0, 1, 2], 'int32');
    expect(() => crossEntropy(logits, tf.tensor1d([0, 4, 1], 'int32'))).toThrow('crossEntropy: target[1] (flat index) must be a class in [0, 3] or ignoreIndex -100, got 4');
    expect(() => crossEntropy(logits, tf.tensor1d([0, 1], 'int32'))).toThrow('crossEntropy: target must have shape [3]');
    expect(() => crossEntropy(logits, tf.zeros([3, 5]))).toThrow('crossEntropy: target must have shape [3, 4]');
    expect(() => crossEntropy(logits, target, { weight: [1, 2] })).toThrow('crossEntropy: weight must be a (C=4) float32 tensor or 4 finite numbers');
    expect(() => crossEntropy(logits, target, { labelSmoothing: 1.5 })).toThrow('crossEntropy: labelSmoothing must be a number in [0, 1], got 1.5');
    expect(() => crossEntropy(logits, target, { reduction: 'avg' as 'mean' })).toThrow('crossEntropy: reduction must be one of "none", "sum", "mean", got "avg"');
    expect(() => crossEntropy(logits, target, { smoothing: 0.1 } as object)).toThrow('unknown option "smoothing"');
    expect(() => crossEntropy(tf.scalar(1), target)).toThrow('crossEntropy: logits must have a class axis last');
    tf.dispose([logits, target]);
  });
});

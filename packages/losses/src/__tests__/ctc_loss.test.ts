// ctcLoss against brute force over every alignment, a float64 alpha-beta reference, PyTorch's
// reduction rules, impossible targets, long inputs, leaks and bad input.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@rnnkit/core';
import { tensorCountsOverSteps } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { ctcLoss } from '../index.js';
import { ctcBruteForce, ctcReference, logSoftmaxRows } from './float64_reference.js';

const random = seededRandom(17);

/** (T, N, C) random log-probabilities as nested arrays, time-major. */
function randomLogProbs(steps: number, batch: number, classes: number, scale = 2): number[][][] {
  return Array.from({ length: steps }, () => logSoftmaxRows(Array.from({ length: batch }, () => Array.from({ length: classes }, () => (random() - 0.5) * 2 * scale))));
}

/** Sample n's frames (T, C). */
const sampleRows = (lp: number[][][], n: number, length: number): number[][] => lp.slice(0, length).map((row) => row[n] as number[]);

function expectClose(actual: ArrayLike<number>, expected: readonly number[], atol: number, rtol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const b = expected[i] as number;
    if (!Number.isFinite(b)) expect(a).toBe(b);
    else expect(Math.abs(a - b)).toBeLessThanOrEqual(atol + rtol * Math.abs(b));
  }
}

const FORWARD = [1e-5, 1e-4] as const;
const GRADIENT = [1e-4, 1e-3] as const;

describeWithBackends(['cpu', 'wasm'], 'ctcLoss', () => {
  it.each([0, 1, 3])('matches brute force over every alignment, loss and gradient (blank %i)', (blank) => {
    const steps = 6;
    const classes = 4;
    const labels = [0, 1, 2, 3].filter((c) => c !== blank);
    const l = (i: number): number => labels[i] as number;
    // Repeats, a target that fills its input, an empty target, a short input.
    const targets = [[l(0), l(1)], [l(2), l(2), l(0)], [], [l(1), l(1)], [l(0)]];
    const inputLengths = [6, 6, 6, 3, 0];
    const batch = targets.length;
    const lp = randomLogProbs(steps, batch, classes);
    const padded = targets.map((t) => [...t, ...new Array<number>(3 - t.length).fill(l(0))]);
    const targetLengths = targets.map((t) => t.length);
    const [loss, grad] = tf.tidy(() => {
      const x = tf.tensor3d(lp);
      const f = (z: tf.Tensor): tf.Tensor => ctcLoss(z as tf.Tensor3D, padded, inputLengths, targetLengths, { blank, reduction: 'none' });
      const g = tf.grad((z: tf.Tensor) => tf.sum(tf.where(tf.isFinite(f(z)), f(z), tf.zerosLike(f(z)))))(x);
      return [f(x).dataSync(), g.arraySync() as number[][][]];
    });
    targets.forEach((target, n) => {
      const ref = ctcBruteForce(sampleRows(lp, n, inputLengths[n] as number), target, blank);
      expectClose([loss[n] as number], [ref.nll], ...FORWARD);
      const expected = Array.from({ length: steps }, (_, t) => ref.grad[t] ?? new Array<number>(classes).fill(0));
      expectClose(grad.flatMap((row) => row[n] as number[]), expected.flat(), ...GRADIENT);
    });
    // Sample 4 has no frames but one label: impossible.
    expect(loss[4]).toBe(Infinity);
  });

  it('through logits: the gradient is softmax minus the posteriors, as PyTorch gives it', () => {
    const steps = 5;
    const logits = Array.from({ length: steps }, () => [Array.from({ length: 3 }, () => random() * 4 - 2)]);
    const target = [1, 2];
    const got = tf.tidy(() => tf.grad((z: tf.Tensor) => ctcLoss(z as tf.Tensor3D, [target], [steps], [2], { fromLogits: true, reduction: 'sum' }))(tf.tensor3d(logits)).dataSync());
    const lp = logits.map((row) => logSoftmaxRows(row)[0] as number[]);
    const ref = ctcBruteForce(lp, target, 0);
    const expected = lp.flatMap((row, t) => row.map((v, c) => Math.exp(v) + ((ref.grad[t] as number[])[c] as number)));
    expectClose(got, expected, ...GRADIENT);
  });

  it('gives the same numbers for padded, concatenated and array targets, and batch-first input', () => {
    const lp = randomLogProbs(9, 3, 5);
    const targets = [[1, 2, 2], [4], [3, 1]];
    const lengths = [3, 1, 2];
    const inputLengths = [9, 4, 7];
    const run = (x: tf.Tensor3D, t: Parameters<typeof ctcLoss>[1], batchFirst = false): number[] =>
      tf.tidy(() => Array.from(ctcLoss(x, t, inputLengths, lengths, { reduction: 'none', batchFirst }).dataSync()));
    const x = tf.tensor3d(lp);
    const padded = tf.tensor2d([[1, 2, 2], [4, 9, -1], [3, 1, 0]], [3, 3], 'int32');
    const base = run(x, padded);
    expect(run(x, tf.tensor1d([1, 2, 2, 4, 3, 1], 'int32'))).toEqual(base);
    expect(run(x, [1, 2, 2, 4, 3, 1])).toEqual(base);
    expect(run(x, [[1, 2, 2], [4, 0, 0], [3, 1, 0]])).toEqual(base);
    const xb = tf.transpose(x, [1, 0, 2]) as tf.Tensor3D;
    expect(run(xb, padded, true)).toEqual(base);
    targets.forEach((t, n) => expectClose([base[n] as number], [ctcReference(sampleRows(lp, n, inputLengths[n] as number), t, 0).nll], ...FORWARD));
    tf.dispose([x, padded, xb]);
  });

  it('reduces with PyTorch rules: mean divides each loss by its target length (at least 1)', () => {
    const lp = randomLogProbs(6, 3, 4);
    const targets = [[1, 2, 3], [2], []];
    const padded = targets.map((t) => [...t, ...new Array<number>(3 - t.length).fill(1)]);
    const lengths = targets.map((t) => t.length);
    const x = tf.tensor3d(lp);
    const get = (reduction: 'none' | 'sum' | 'mean'): number[] => tf.tidy(() => Array.from(ctcLoss(x, padded, [6, 6, 6], lengths, { reduction }).dataSync()));
    const none = get('none');
    expectClose(get('sum'), [none.reduce((a, b) => a + b, 0)], ...FORWARD);
    expectClose(get('mean'), [((none[0] as number) / 3 + (none[1] as number) / 1 + (none[2] as number) / 1) / 3], ...FORWARD);
    x.dispose();
  });

  it('gives Infinity for impossible alignments (0 with zeroInfinity) and never a NaN gradient', () => {
    const lp = randomLogProbs(3, 2, 3);
    // [1, 1, 1] needs 5 frames; [2, 1] fits in 3.
    const padded = [[1, 1, 1], [2, 1, 0]];
    const x = tf.tensor3d(lp);
    for (const zeroInfinity of [false, true]) {
      for (const reduction of ['none', 'sum', 'mean'] as const) {
        const [loss, grad] = tf.tidy(() => {
          const f = (z: tf.Tensor): tf.Tensor => ctcLoss(z as tf.Tensor3D, padded, [3, 3], [3, 2], { zeroInfinity, reduction, fromLogits: true });
          return [Array.from(f(x).dataSync()), tf.grad((z: tf.Tensor) => tf.sum(f(z)))(x).arraySync() as number[][][]];
        });
        if (reduction === 'none') expect(loss[0]).toBe(zeroInfinity ? 0 : Infinity);
        else expect(Number.isFinite(loss[0])).toBe(zeroInfinity);
        const flat = grad.flat(2);
        expect(flat.some(Number.isNaN)).toBe(false);
        // The impossible sample contributes nothing; the possible one does.
        expect(grad.every((row) => (row[0] as number[]).every((v) => v === 0))).toBe(true);
        expect(grad.some((row) => (row[1] as number[]).some((v) => v !== 0))).toBe(true);
      }
    }
    x.dispose();
  });

  it('is stable at T = 700 with a 300-label target: finite and equal to the float64 reference', () => {
    const steps = 700;
    const classes = 12;
    const lp = randomLogProbs(steps, 1, classes, 3);
    // Some repeats on purpose: each needs a blank between.
    const target = Array.from({ length: 300 }, (_, i) => (i % 7 === 3 ? 0 : 1 + Math.floor(random() * (classes - 1))));
    for (let i = 0; i < target.length; i++) if (target[i] === 0) target[i] = target[i - 1] as number;
    const [loss, grad] = tf.tidy(() => {
      const x = tf.tensor3d(lp);
      const f = (z: tf.Tensor): tf.Tensor => ctcLoss(z as tf.Tensor3D, [target], [steps], [target.length], { reduction: 'sum' });
      return [f(x).dataSync()[0] as number, tf.grad(f)(x).dataSync()];
    });
    const ref = ctcReference(sampleRows(lp, 0, steps), target, 0);
    expect(Number.isFinite(loss)).toBe(true);
    expect(Array.from(grad).every(Number.isFinite)).toBe(true);
    expectClose([loss], [ref.nll], ...FORWARD);
    expectClose(grad, ref.grad.flat(), ...GRADIENT);
  }, 60_000);

  it('leaks no tensors over training steps', async () => {
    const x = tf.variable(tf.tensor3d(randomLogProbs(8, 2, 4)));
    const optimizer = tf.train.sgd(0.1);
    const counts = await tensorCountsOverSteps(() => {
      const cost = optimizer.minimize(() => ctcLoss(x, [[1, 2], [3, 0]], [8, 6], [2, 1], { fromLogits: true }) as tf.Scalar, true);
      cost?.dispose();
    });
    expect(counts.afterLast).toBe(counts.afterSecond);
    optimizer.dispose();
    x.dispose();
  });

  it('rejects bad input with the argument, what was expected and what came', () => {
    const x = tf.zeros([5, 2, 4]) as tf.Tensor3D;
    const ok = [[1, 2], [3, 0]];
    expect(() => ctcLoss(x, [[1, 2], [0, 3]], [5, 5], [2, 2])).toThrow('ctcLoss: targets[1] has label 0 at position 0 which is the blank index 0');
    expect(() => ctcLoss(x, [[1, 2], [3, 4]], [5, 5], [2, 2])).toThrow('ctcLoss: targets[1] has label 4 at position 1, outside the C=4 classes [0, 3]');
    expect(() => ctcLoss(x, [1, 2, 3], [5, 5], [2, 2])).toThrow('ctcLoss: concatenated targets must hold sum(targetLengths)=4 labels, got 3');
    expect(() => ctcLoss(x, [1, 2, 3, 3], [5, 5], [2, 2], { blank: 3 })).toThrow('ctcLoss: targets[2] (sample 1, position 0) has label 3 which is the blank index 3');
    expect(() => ctcLoss(x, ok, [5, 5], [2, 3])).toThrow('ctcLoss: targetLengths[1] must be an integer in [0, 2] (targets holds S=2 labels per sample), got 3');
    expect(() => ctcLoss(x, ok, [6, 5], [2, 1])).toThrow('ctcLoss: inputLengths[0] must be an integer in [0, 5] (T=5), got 6');
    expect(() => ctcLoss(x, ok, [5, -1], [2, 1])).toThrow('ctcLoss: inputLengths[1] must be an integer in [0, 5] (T=5), got -1');
    expect(() => ctcLoss(x, ok, [5], [2, 1])).toThrow('ctcLoss: inputLengths must hold one length per sample (N=2), got 1');
    expect(() => ctcLoss(x, [[1, 2]], [5, 5], [2, 1])).toThrow('ctcLoss: padded targets must be (N=2, S), got shape [1, 2]');
    expect(() => ctcLoss(x, [[1, 2], [3]], [5, 5], [2, 1])).toThrow('ctcLoss: targets given as nested arrays must be rectangular');
    expect(() => ctcLoss(x, tf.tensor2d([[1, 2], [3, 0]]), [5, 5], [2, 1])).toThrow('ctcLoss: targets must be an int32 tensor');
    expect(() => ctcLoss(tf.zeros([5, 4]) as unknown as tf.Tensor3D, ok, [5, 5], [2, 1])).toThrow('ctcLoss: logProbs must be 3-D (T, N, C), got shape [5, 4]');
    expect(() => ctcLoss(x, ok, [2, 5], [2, 1], { batchFirst: true })).toThrow('ctcLoss: inputLengths must hold one length per sample (N=5), got 2');
    expect(() => ctcLoss(x, ok, [5, 5], [2, 1], { blank: 4 })).toThrow('ctcLoss: blank must be an integer in [0, 3], got 4');
    expect(() => ctcLoss(x, ok, [5, 5], [2, 1], { reduction: 'avg' as 'mean' })).toThrow('ctcLoss: reduction must be one of "none", "sum", "mean", got "avg"');
    expect(() => ctcLoss(x, ok, [5, 5], [2, 1], { zero_infinity: true } as object)).toThrow('unknown option "zero_infinity"');
    x.dispose();
  });
});

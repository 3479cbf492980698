// Clipping against plain-JS norms, schedules against their formulas, optimizers against float64
// implementations of PyTorch's update rules.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@rnnkit/core';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { adam, clipByGlobalNorm, clipByValue, cosineDecay, linearWarmup, sgd, stepDecay } from '../index.js';

function randomArray(n: number, seed: number, scale = 1): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

function close(actual: ArrayLike<number>, expected: readonly number[], rtol = 1e-5, atol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs((actual[i] ?? NaN) - e)).toBeLessThanOrEqual(atol + rtol * Math.abs(e)));
}

describeWithBackends(['cpu', 'wasm'], 'clipping', () => {
  it('clips by global norm exactly as clip_grad_norm_ (scale max / (norm + 1e-6) when below 1)', () => {
    const a = randomArray(12, 1, 3);
    const b = randomArray(5, 2, 3);
    const norm = Math.sqrt([...a, ...b].reduce((s, v) => s + v * v, 0));
    for (const maxNorm of [0.5, norm * 0.9, norm * 2, Infinity]) {
      const grads = { a: tf.tensor(a, [3, 4]), b: tf.tensor(b) };
      const before = tf.memory().numTensors;
      const out = clipByGlobalNorm(grads, maxNorm);
      expect(tf.memory().numTensors).toBe(before + 3);
      const scale = Math.min(1, maxNorm / (norm + 1e-6));
      close(out.norm.dataSync(), [norm]);
      close((out.grads['a'] as tf.Tensor).dataSync(), a.map((v) => v * scale));
      close((out.grads['b'] as tf.Tensor).dataSync(), b.map((v) => v * scale));
      expect((out.grads['a'] as tf.Tensor).shape).toEqual([3, 4]);
      tf.dispose([out.norm, ...Object.values(out.grads), ...Object.values(grads)]);
    }
    expect(() => clipByGlobalNorm({ a: tf.tensor([1]) }, -1)).toThrow('clipByGlobalNorm: maxNorm must be a number in');
    expect(() => clipByGlobalNorm({ a: [1] as unknown as tf.Tensor }, 1)).toThrow('clipByGlobalNorm: grads.a must be a live float32 tensor, got [1]');
  });

  it('clips by value element-wise', () => {
    const a = randomArray(20, 3, 2);
    const grads = { a: tf.tensor(a) };
    const out = clipByValue(grads, 0.7);
    close((out['a'] as tf.Tensor).dataSync(), a.map((v) => Math.fround(Math.max(-0.7, Math.min(0.7, Math.fround(v))))), 0, 0);
    tf.dispose([...Object.values(out), ...Object.values(grads)]);
  });
});

it('schedules follow StepLR, CosineAnnealingLR and linear warm-up', () => {
  const step = stepDecay({ learningRate: 0.1, stepSize: 3, gamma: 0.5 });
  expect([0, 2, 3, 5, 6, 9].map(step)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.0125]);
  const cosine = cosineDecay({ learningRate: 1, totalSteps: 10, minimum: 0.1 });
  close([0, 5, 10, 20].map(cosine), [1, 0.55, 0.1, 0.1], 1e-12, 1e-12);
  close([cosine(2.5)], [0.1 + 0.9 * (1 + Math.cos(Math.PI / 4)) / 2], 1e-12, 1e-12);
  const warm = linearWarmup(() => 0.2, 4);
  close([0, 1, 3, 4, 100].map(warm), [0.05, 0.1, 0.2, 0.2, 0.2], 1e-12, 1e-12);
  expect(() => stepDecay({ learningRate: 0.1, stepSize: 0 })).toThrow('stepDecay: stepSize must be an integer >= 1, got 0');
  expect(() => cosineDecay({ learningRate: 0.1, totalSteps: 5, minimum: 1 })).toThrow('cosineDecay: minimum must be a number in [0, 0.1], got 1');
});

describeWithBackends(['cpu', 'wasm'], 'optimizers', () => {
  // Gradients of a fixed sequence are fed in, so the rule alone is compared.
  const gradsAt = (k: number): number[] => randomArray(6, 10 + k);

  it('adam matches a float64 implementation of torch.optim.Adam (with weight decay)', () => {
    const p0 = randomArray(6, 4);
    const variable = tf.variable(tf.tensor(p0));
    const opt = adam({ learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1 });
    const p = [...p0];
    const m = p.map(() => 0);
    const v = p.map(() => 0);
    for (let t = 1; t <= 6; t++) {
      const lr = 0.01 / t;
      opt.learningRate = lr;
      const g = gradsAt(t).map((gi, i) => gi + 0.1 * (p[i] as number));
      const grad = tf.tensor(gradsAt(t));
      opt.apply({ w: variable }, { w: grad });
      grad.dispose();
      for (let i = 0; i < p.length; i++) {
        m[i] = 0.8 * (m[i] as number) + 0.2 * (g[i] as number);
        v[i] = 0.99 * (v[i] as number) + 0.01 * (g[i] as number) ** 2;
        const denom = Math.sqrt(v[i] as number) / Math.sqrt(1 - 0.99 ** t) + 1e-6;
        p[i] = (p[i] as number) - (lr / (1 - 0.8 ** t)) * ((m[i] as number) / denom);
      }
      close(variable.dataSync(), p, 1e-5, 1e-6);
    }
    expect(opt.iterations).toBe(6);
    opt.dispose();
    variable.dispose();
  });

  it('sgd matches torch.optim.SGD with momentum, with and without Nesterov', () => {
    for (const nesterov of [false, true]) {
      const p0 = randomArray(6, 5);
      const variable = tf.variable(tf.tensor(p0));
      const opt = sgd({ learningRate: 0.1, momentum: 0.9, nesterov });
      const p = [...p0];
      let buffer: number[] | undefined;
      for (let t = 1; t <= 4; t++) {
        const g = gradsAt(t);
        const grad = tf.tensor(g);
        opt.apply({ w: variable }, { w: grad });
        grad.dispose();
        buffer = buffer === undefined ? [...g] : buffer.map((b, i) => 0.9 * b + (g[i] as number));
        const b = buffer;
        const step = nesterov ? g.map((gi, i) => gi + 0.9 * (b[i] as number)) : b;
        for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) - 0.1 * (step[i] as number);
        close(variable.dataSync(), p, 1e-5, 1e-6);
      }
      opt.dispose();
      variable.dispose();
    }
  });
});

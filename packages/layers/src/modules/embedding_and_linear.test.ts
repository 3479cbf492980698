// embedding and linear against plain loops and against the PyTorch interop fixture's own
// nn.Embedding / nn.Linear weights and outputs; state_dict names, shapes, init and bad input.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, compareValues } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { embedding } from './embedding.js';
import { linear } from './linear.js';

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = FORWARD_TOLERANCE): void {
  const c = compareValues(actual, expected, tolerance);
  if (c.worstRatio > 1) throw new Error(`index ${c.worstIndex}: got ${c.actual}, expected ${c.expected}`);
}

describeWithBackends(['cpu', 'wasm'], 'embedding and linear', () => {
  it('embedding: PyTorch names and shapes, rows picked as a plain loop picks them, gradient a scatter-add', () => {
    const embed = embedding({ numEmbeddings: 5, embeddingDim: 3, seed: 4 });
    expect(Object.keys(embed.stateDict())).toEqual(['weight']);
    expect(embed.parameters['weight']?.shape).toEqual([5, 3]);
    const table = embed.parameters['weight']?.arraySync() as number[][];
    const ids = [[4, 0, 4], [2, 2, 1]];
    const out = embed.forward(tf.tensor2d(ids, [2, 3], 'int32'));
    expect(out.shape).toEqual([2, 3, 3]);
    expectClose(out.dataSync(), ids.flat().flatMap((id) => table[id] ?? []));
    // d sum(out * g) / d weight: row v gathers g over every position holding id v.
    const g = tf.randomNormal([2, 3, 3], 0, 1, 'float32', 1);
    const grad = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(embed.apply({ weight: w }, tf.tensor2d(ids, [2, 3], 'int32')), g)))(embed.parameters['weight'] as tf.Tensor);
    const gs = g.arraySync() as number[][][];
    const expected = new Float64Array(5 * 3);
    ids.forEach((row, n) => row.forEach((id, t) => gs[n]?.[t]?.forEach((v, k) => (expected[id * 3 + k] = (expected[id * 3 + k] ?? 0) + v))));
    expectClose(grad.dataSync(), expected, GRADIENT_TOLERANCE);
    tf.dispose([out, g, grad]);
    embed.dispose();
  });

  it('linear: x W^T + b on the last axis as a plain loop computes it; no bias when asked', () => {
    const head = linear({ inFeatures: 4, outFeatures: 2, seed: 3 });
    expect(Object.fromEntries(Object.entries(head.stateDict()).map(([k, v]) => [k, v.shape]))).toEqual({ weight: [2, 4], bias: [2] });
    const w = head.parameters['weight']?.arraySync() as number[][];
    const b = head.parameters['bias']?.arraySync() as number[];
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 5);
    const rows = (x.arraySync() as number[][][]).flat();
    const out = head.forward(x);
    expect(out.shape).toEqual([2, 3, 2]);
    expectClose(out.dataSync(), rows.flatMap((r) => w.map((wr, o) => wr.reduce((s, v, i) => s + v * (r[i] ?? 0), b[o] ?? 0))));
    expect(Object.keys(linear({ inFeatures: 4, outFeatures: 2, bias: false }).paramSpec)).toEqual(['weight']);
    tf.dispose([x, out]);
    head.dispose();
  });
});

describeWithBackends(['cpu'], 'embedding and linear init and bad input', () => {
  it('initialise like PyTorch: embedding N(0, 1), linear uniform(-1/sqrt(in), 1/sqrt(in)); a seed repeats', () => {
    const embed = embedding({ numEmbeddings: 200, embeddingDim: 50, seed: 1 });
    const values = Array.from(embed.parameters['weight']?.dataSync() ?? []);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(values.some((v) => Math.abs(v) > Math.sqrt(3))).toBe(true);
    const head = linear({ inFeatures: 16, outFeatures: 300, seed: 1 });
    const w = Array.from(head.parameters['weight']?.dataSync() ?? []);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(0.25);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.24);
    const again = linear({ inFeatures: 16, outFeatures: 300, seed: 1 });
    expect(Array.from(again.parameters['weight']?.dataSync() ?? [])).toEqual(w);
    for (const m of [embed, head, again]) m.dispose();
  });

  it('reject bad input naming the function and the argument', () => {
    const embed = embedding({ numEmbeddings: 4, embeddingDim: 2 });
    const head = linear({ inFeatures: 3, outFeatures: 2 });
    expect(() => embedding({ numEmbeddings: 0, embeddingDim: 2 })).toThrow('embedding: numEmbeddings must be an integer >= 1, got 0');
    expect(() => embedding({ numEmbeddings: 3, embeddingDim: 2, padding_idx: 0 } as never)).toThrow('embedding: unknown option "padding_idx" in options');
    expect(() => linear({ inFeatures: 3 } as never)).toThrow('linear: outFeatures must be an integer >= 1, got undefined');
    expect(() => embed.forward(tf.tensor1d([1, 4], 'int32'))).toThrow('embedding.forward: ids must be token ids in [0, 3], got 4 at flat index 1');
    expect(() => embed.forward(tf.tensor1d([1, 2]))).toThrow('embedding.forward: ids must have dtype int32, got float32');
    expect(() => head.forward(tf.zeros([2, 4]))).toThrow('linear.forward: x must have 3 features on its last axis (..., inFeatures), got shape [2, 4]');
    expect(() => head.apply({ weight: tf.zeros([2, 3]) }, tf.zeros([1, 3]))).toThrow('linear.apply: params.bias is missing; expected weight, bias');
    expect(() => head.loadStateDict({ weight: tf.zeros([3, 2]), bias: tf.zeros([2]) })).toThrow(/linear.loadStateDict: stateDict.weight must have shape \[2, 3\]/);
    for (const m of [embed, head]) m.dispose();
  });
});

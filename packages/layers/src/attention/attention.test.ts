// Attention functions against a float64 plain-JS reference, the all-masked rule, leaks and bad input.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@rnnkit/core';
import { FORWARD_TOLERANCE, compareValues } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { bahdanauAttention } from './bahdanau_attention.js';
import { luongAttention } from './luong_attention.js';
import { multiHeadAttention } from './multi_head_attention.js';
import { scaledDotProductAttention } from './scaled_dot_product_attention.js';

type Mat = number[][];
const random = seededRandom(42);
const rand = (shape: number[]): Float64Array => Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * random() - 1);
const t32 = (data: Float64Array, shape: number[]): tf.Tensor => tf.tensor(Float32Array.from(data), shape);
const at = (data: Float64Array, shape: number[], ...index: number[]): number => {
  let flat = 0;
  index.forEach((i, k) => {
    flat = flat * (shape[k] ?? 1) + i;
  });
  return data[flat] ?? NaN;
};
const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
const row = (data: Float64Array, shape: number[], ...prefix: number[]): number[] =>
  Array.from({ length: shape[shape.length - 1] ?? 0 }, (_, j) => at(data, shape, ...prefix, j));
const matVec = (w: Mat, x: number[]): number[] => w.map((r) => dot(r, x));
const matrix = (data: Float64Array, shape: number[]): Mat => Array.from({ length: shape[0] ?? 0 }, (_, i) => row(data, shape, i));

/** Float64 reference of a masked softmax attention for one sample given its score function. */
function reference(N: number, Tq: number, Tk: number, Dv: number, values: (n: number, t: number) => number[], score: (n: number, i: number, t: number) => number, visible: (n: number, i: number, t: number) => boolean) {
  const weights: number[] = [];
  const context: number[] = [];
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < Tq; i++) {
      const s = Array.from({ length: Tk }, (_, t) => (visible(n, i, t) ? score(n, i, t) : -Infinity));
      const m = Math.max(...s);
      const e = s.map((v) => (Number.isFinite(m) && v !== -Infinity ? Math.exp(v - m) : 0));
      const total = e.reduce((a, b) => a + b, 0);
      const w = e.map((v) => (total > 0 ? v / total : 0));
      weights.push(...w);
      for (let d = 0; d < Dv; d++) context.push(w.reduce((acc, wt, t) => acc + wt * (values(n, t)[d] ?? 0), 0));
    }
  }
  return { weights, context };
}

function expectClose(actual: tf.Tensor, expected: number[], shape: number[]): void {
  expect(actual.shape).toEqual(shape);
  expect(actual.dtype).toBe('float32');
  const c = compareValues(actual.dataSync(), expected, FORWARD_TOLERANCE);
  expect(c.worstRatio).toBeLessThanOrEqual(1);
}

const N = 3;
const Tq = 4;
const Tk = 5;
const lengths = [5, 2, 0];
const padded = (n: number, _i: number, t: number): boolean => t < (lengths[n] ?? 0);

describeWithBackends(['cpu', 'wasm'], 'attention', () => {
  it('bahdanauAttention matches a float64 reference, with separate values and a length-0 sample', () => {
    const [Dq, Dk, Dv, A] = [3, 4, 2, 6];
    const q = rand([N, Tq, Dq]);
    const k = rand([N, Tk, Dk]);
    const v = rand([N, Tk, Dv]);
    const Wq = rand([A, Dq]);
    const Wk = rand([A, Dk]);
    const b = rand([A]);
    const vv = rand([A]);
    const ref = reference(N, Tq, Tk, Dv, (n, t) => row(v, [N, Tk, Dv], n, t), (n, i, t) => {
      const a = matVec(matrix(Wq, [A, Dq]), row(q, [N, Tq, Dq], n, i));
      const c = matVec(matrix(Wk, [A, Dk]), row(k, [N, Tk, Dk], n, t));
      return dot(Array.from(vv), a.map((x, j) => Math.tanh(x + (c[j] ?? 0) + (b[j] ?? 0))));
    }, padded);
    tf.tidy(() => {
      const params = { W_q: t32(Wq, [A, Dq]), W_k: t32(Wk, [A, Dk]), b: t32(b, [A]), v: t32(vv, [A]) };
      const out = bahdanauAttention(params, t32(q, [N, Tq, Dq]) as tf.Tensor3D, t32(k, [N, Tk, Dk]) as tf.Tensor3D, { values: t32(v, [N, Tk, Dv]) as tf.Tensor3D, lengths });
      expectClose(out.weights, ref.weights, [N, Tq, Tk]);
      expectClose(out.context, ref.context, [N, Tq, Dv]);
    });
  });

  it('luongAttention dot and general match a float64 reference', () => {
    const [D, Dk] = [4, 3];
    const q = rand([N, Tq, D]);
    const k = rand([N, Tk, D]);
    const k2 = rand([N, Tk, Dk]);
    const W = rand([D, Dk]);
    const dotRef = reference(N, Tq, Tk, D, (n, t) => row(k, [N, Tk, D], n, t), (n, i, t) => dot(row(q, [N, Tq, D], n, i), row(k, [N, Tk, D], n, t)), padded);
    const generalRef = reference(N, Tq, Tk, Dk, (n, t) => row(k2, [N, Tk, Dk], n, t), (n, i, t) => dot(row(q, [N, Tq, D], n, i), matVec(matrix(W, [D, Dk]), row(k2, [N, Tk, Dk], n, t))), padded);
    tf.tidy(() => {
      const dotOut = luongAttention({}, t32(q, [N, Tq, D]) as tf.Tensor3D, t32(k, [N, Tk, D]) as tf.Tensor3D, { lengths });
      expectClose(dotOut.weights, dotRef.weights, [N, Tq, Tk]);
      expectClose(dotOut.context, dotRef.context, [N, Tq, D]);
      const general = luongAttention({ W: t32(W, [D, Dk]) }, t32(q, [N, Tq, D]) as tf.Tensor3D, t32(k2, [N, Tk, Dk]) as tf.Tensor3D, { score: 'general', lengths: tf.tensor1d(lengths, 'int32') });
      expectClose(general.weights, generalRef.weights, [N, Tq, Tk]);
      expectClose(general.context, generalRef.context, [N, Tq, Dk]);
    });
  });

  it('scaledDotProductAttention matches a float64 reference with causal and padding masks together', () => {
    const [D, Dv] = [4, 3];
    const q = rand([N, Tq, D]);
    const k = rand([N, Tk, D]);
    const v = rand([N, Tk, Dv]);
    const visible = (n: number, i: number, t: number) => padded(n, i, t) && t <= i + (Tk - Tq);
    const ref = reference(N, Tq, Tk, Dv, (n, t) => row(v, [N, Tk, Dv], n, t), (n, i, t) => dot(row(q, [N, Tq, D], n, i), row(k, [N, Tk, D], n, t)) / Math.sqrt(D), visible);
    tf.tidy(() => {
      const out = scaledDotProductAttention(t32(q, [N, Tq, D]) as tf.Tensor3D, t32(k, [N, Tk, D]) as tf.Tensor3D, t32(v, [N, Tk, Dv]) as tf.Tensor3D, { lengths, causal: true });
      expectClose(out.weights, ref.weights, [N, Tq, Tk]);
      expectClose(out.context, ref.context, [N, Tq, Dv]);
    });
  });

  it('multiHeadAttention matches a float64 reference of per-head attention, averaged or per head', () => {
    const [E, heads] = [6, 3];
    const hd = E / heads;
    const q = rand([N, Tq, E]);
    const k = rand([N, Tk, E]);
    const v = rand([N, Tk, E]);
    const Win = matrix(rand([3 * E, E]), [3 * E, E]);
    const bin = Array.from(rand([3 * E]));
    const Wout = matrix(rand([E, E]), [E, E]);
    const bout = Array.from(rand([E]));
    const proj = (x: number[], part: number) => Win.slice(part * E, (part + 1) * E).map((r, j) => dot(r, x) + (bin[part * E + j] ?? 0));
    const perHead: number[][] = [];
    const heads_: number[][] = [];
    for (let h = 0; h < heads; h++) {
      const slice = (x: number[]) => x.slice(h * hd, (h + 1) * hd);
      const ref = reference(N, Tq, Tk, hd, (n, t) => slice(proj(row(v, [N, Tk, E], n, t), 2)), (n, i, t) => dot(slice(proj(row(q, [N, Tq, E], n, i), 0)), slice(proj(row(k, [N, Tk, E], n, t), 1))) / Math.sqrt(hd), padded);
      perHead.push(ref.weights);
      heads_.push(ref.context);
    }
    const averaged = (perHead[0] ?? []).map((_, j) => perHead.reduce((s, w) => s + (w[j] ?? 0), 0) / heads);
    const output: number[] = [];
    for (let r = 0; r < N * Tq; r++) {
      const joined = heads_.flatMap((c) => c.slice(r * hd, (r + 1) * hd));
      output.push(...Wout.map((w, j) => dot(w, joined) + (bout[j] ?? 0)));
    }
    tf.tidy(() => {
      const params = {
        in_proj_weight: tf.tensor2d(Win),
        in_proj_bias: tf.tensor1d(bin),
        'out_proj.weight': tf.tensor2d(Wout),
        'out_proj.bias': tf.tensor1d(bout),
      };
      const args = [t32(q, [N, Tq, E]), t32(k, [N, Tk, E]), t32(v, [N, Tk, E])] as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
      const out = multiHeadAttention(params, ...args, { numHeads: heads, lengths });
      expectClose(out.weights, averaged, [N, Tq, Tk]);
      expectClose(out.context, output, [N, Tq, E]);
      const split = multiHeadAttention(params, ...args, { numHeads: heads, lengths, averageWeights: false });
      const expected: number[] = [];
      for (let n = 0; n < N; n++) for (let h = 0; h < heads; h++) expected.push(...(perHead[h] ?? []).slice(n * Tq * Tk, (n + 1) * Tq * Tk));
      expectClose(split.weights, expected, [N, heads, Tq, Tk]);
    });
  });

  it('gives zero weights, zero context and finite zero gradients to a query with no visible key', () => {
    const q = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1) as tf.Tensor3D;
    // Huge scores on hidden keys must not leak into the result (or overflow exp).
    const k = tf.mul(tf.randomNormal([2, 3, 4], 0, 1, 'float32', 2), 1e4) as tf.Tensor3D;
    const v = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 3) as tf.Tensor3D;
    const f = (qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor): tf.Scalar => {
      const { context, weights } = scaledDotProductAttention(qq as tf.Tensor3D, kk as tf.Tensor3D, vv as tf.Tensor3D, { lengths: [0, 2], causal: true });
      return tf.add(tf.sum(context), tf.sum(tf.square(weights)));
    };
    const out = scaledDotProductAttention(q, k, v, { lengths: [0, 2] });
    expect(Array.from(tf.slice(out.context, [0, 0, 0], [1, -1, -1]).dataSync()).every((x) => x === 0)).toBe(true);
    expect(Array.from(tf.slice(out.weights, [0, 0, 0], [1, -1, -1]).dataSync()).every((x) => x === 0)).toBe(true);
    const rows = tf.sum(tf.slice(out.weights, [1, 0, 0], [1, -1, -1]), -1).dataSync();
    expect(compareValues(rows, [1, 1, 1], FORWARD_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
    const grads = tf.grads(f)([q, k, v]);
    for (const g of grads) expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    // Sample 0 sees nothing: its query, keys and values get exactly zero gradient.
    for (const g of grads) expect(Array.from(tf.slice(g, [0, 0, 0], [1, -1, -1]).dataSync()).every((x) => x === 0)).toBe(true);
    const mha = multiHeadAttention(
      { in_proj_weight: tf.randomNormal([12, 4]), in_proj_bias: tf.zeros([12]), 'out_proj.weight': tf.randomNormal([4, 4]), 'out_proj.bias': tf.tensor1d([1, 2, 3, 4]) },
      q, k, k, { numHeads: 2, lengths: [0, 3] },
    );
    expect(Array.from(tf.slice(mha.weights, [0, 0, 0], [1, -1, -1]).dataSync()).every((x) => x === 0)).toBe(true);
    // The zero attention output projected: context = out_proj.bias.
    expect(Array.from(tf.slice(mha.context, [0, 0, 0], [1, 1, -1]).dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([q, k, v, out, ...grads]);
  });

  it('matches finite differences of its own float32 gradient for masked additive attention', () => {
    const params = { W_q: tf.randomNormal([3, 2], 0, 1, 'float32', 5), W_k: tf.randomNormal([3, 2], 0, 1, 'float32', 6), b: tf.zeros([3]), v: tf.randomNormal([3], 0, 1, 'float32', 7) };
    const q = tf.randomNormal([1, 2, 2], 0, 1, 'float32', 8) as tf.Tensor3D;
    const k = tf.randomNormal([1, 3, 2], 0, 1, 'float32', 9) as tf.Tensor3D;
    const f = (kk: tf.Tensor): tf.Scalar => tf.sum(tf.square(bahdanauAttention(params, q, kk as tf.Tensor3D, { lengths: [2] }).context));
    const [g] = tf.grads(f)([k]);
    const analytic = g?.dataSync() ?? new Float32Array();
    const base = k.dataSync();
    const numeric = Array.from(base, (_, j) => {
      const h = 1e-2;
      const plus = Float32Array.from(base);
      const minus = Float32Array.from(base);
      plus[j] = (plus[j] ?? 0) + h;
      minus[j] = (minus[j] ?? 0) - h;
      const at = (values: Float32Array): number => tf.tidy(() => f(tf.tensor3d(values, [1, 3, 2])).dataSync()[0] ?? NaN);
      return (at(plus) - at(minus)) / (2 * h);
    });
    expect(compareValues(analytic, numeric, { atol: 5e-3, rtol: 2e-2 }).worstRatio).toBeLessThanOrEqual(1);
    // The padded key (t = 2) gets no gradient at all.
    expect([analytic[4], analytic[5]]).toEqual([0, 0]);
    tf.dispose([g, q, k, ...Object.values(params)]);
  });

  it('leaks no tensors', () => {
    const q = tf.randomNormal([2, 3, 4]) as tf.Tensor3D;
    const params = { W_q: tf.ones([2, 4]), W_k: tf.ones([2, 4]), b: tf.zeros([2]), v: tf.ones([2]) };
    const mhaParams = { in_proj_weight: tf.ones([12, 4]), in_proj_bias: tf.zeros([12]), 'out_proj.weight': tf.ones([4, 4]), 'out_proj.bias': tf.zeros([4]) };
    const before = tf.memory().numTensors;
    const results = [
      scaledDotProductAttention(q, q, q, { lengths: [3, 1], causal: true }),
      luongAttention({}, q, q, { lengths: [2, 0] }),
      bahdanauAttention(params, q, q),
      multiHeadAttention(mhaParams, q, q, q, { numHeads: 2, lengths: [1, 3] }),
    ];
    // Only the two outputs of each call stay alive.
    expect(tf.memory().numTensors).toBe(before + 2 * results.length);
    tf.dispose(results.flatMap((r) => [r.context, r.weights]));
    tf.dispose([q, ...Object.values(params), ...Object.values(mhaParams)]);
  });
});

describeWithBackends(['cpu'], 'attention bad input', () => {
  // Made inside each test, once the backend is ready.
  const q = () => tf.zeros([2, 3, 4]) as tf.Tensor3D;
  const k = () => tf.zeros([2, 5, 4]) as tf.Tensor3D;
  const additive = () => ({ W_q: tf.zeros([6, 4]), W_k: tf.zeros([6, 4]), b: tf.zeros([6]), v: tf.zeros([6]) });
  const mha = () => ({ in_proj_weight: tf.zeros([12, 4]), in_proj_bias: tf.zeros([12]), 'out_proj.weight': tf.zeros([4, 4]), 'out_proj.bias': tf.zeros([4]) });

  it.each([
    ['a 2-D query', () => scaledDotProductAttention(tf.zeros([5, 4]) as tf.Tensor as tf.Tensor3D, k(), k()), /scaledDotProductAttention: query must be 3-D \(N, Tq, Dq\), got shape \[5, 4\]/],
    ['keys of another batch', () => scaledDotProductAttention(q(), tf.zeros([3, 5, 4]) as tf.Tensor3D, k()), /scaledDotProductAttention: keys must have shape \[2, \*, \*\].*got shape \[3, 5, 4\]/],
    ['values with other steps', () => scaledDotProductAttention(q(), k(), tf.zeros([2, 4, 4]) as tf.Tensor3D), /values must have shape \[2, 5, \*\].*got shape \[2, 4, 4\]/],
    ['keys with other features', () => scaledDotProductAttention(q(), tf.zeros([2, 5, 3]) as tf.Tensor3D, k()), /keys must have the query's 4 features/],
    ['a length past Tk', () => scaledDotProductAttention(q(), k(), k(), { lengths: [5, 6] }), /lengths\[1\] must be an integer in \[0, 5\].*got 6/],
    ['one length for two samples', () => scaledDotProductAttention(q(), k(), k(), { lengths: [5] }), /lengths must hold one length per sample \(N=2\), got 1/],
    ['a float lengths tensor', () => scaledDotProductAttention(q(), k(), k(), { lengths: tf.tensor1d([1, 2]) }), /lengths must be a 1-D int32 tensor/],
    ['a non-boolean causal', () => scaledDotProductAttention(q(), k(), k(), { causal: 'yes' as unknown as boolean }), /causal must be a boolean, got "yes"/],
    ['an unknown option', () => scaledDotProductAttention(q(), k(), k(), { mask: 1 } as never), /unknown option "mask"/],
    ['an int32 query', () => scaledDotProductAttention(tf.zeros([2, 3, 4], 'int32') as tf.Tensor3D, k(), k()), /query must have dtype float32, got int32/],
    ['an empty key axis', () => scaledDotProductAttention(q(), tf.zeros([2, 0, 4]) as tf.Tensor3D, tf.zeros([2, 0, 4]) as tf.Tensor3D), /keys must have at least one step/],
    ['Bahdanau without v', () => bahdanauAttention({ W_q: additive().W_q, W_k: additive().W_k, b: additive().b }, q(), k()), /bahdanauAttention: params.v is missing; expected a tensor of shape \[6\] \(A\)/],
    ['Bahdanau W_k of the wrong width', () => bahdanauAttention({ ...additive(), W_k: tf.zeros([6, 3]) }, q(), k()), /params.W_k must have shape \[6, 4\] \(A, Dk\), got shape \[6, 3\]/],
    ['Bahdanau values of another batch', () => bahdanauAttention(additive(), q(), k(), { values: tf.zeros([1, 5, 2]) as tf.Tensor3D }), /options.values must have shape \[2, 5, \*\]/],
    ['Luong with an unknown score', () => luongAttention({}, q(), k(), { score: 'concat' as 'dot' }), /luongAttention: score must be one of "dot", "general", got "concat"/],
    ['Luong dot with mismatched features', () => luongAttention({}, q(), tf.zeros([2, 5, 3]) as tf.Tensor3D), /keys must have the query's 4 features for the dot score/],
    ['Luong general without W', () => luongAttention({}, q(), k(), { score: 'general' }), /params.W is missing/],
    ['params that are not an object', () => luongAttention(null as never, q(), k(), { score: 'general' }), /params must be an object of named tensors, got null/],
    ['multi-head without numHeads', () => multiHeadAttention(mha(), q(), k(), k(), {} as never), /numHeads must be an integer >= 1, got undefined/],
    ['heads that do not divide E', () => multiHeadAttention(mha(), q(), k(), k(), { numHeads: 3 }), /numHeads must divide the embedding size 4, got 3/],
    ['multi-head value of another width', () => multiHeadAttention(mha(), q(), k(), tf.zeros([2, 5, 3]) as tf.Tensor3D, { numHeads: 2 }), /value must have the query's 4 features/],
    ['in_proj_weight of the wrong shape', () => multiHeadAttention({ ...mha(), in_proj_weight: tf.zeros([8, 4]) }, q(), k(), k(), { numHeads: 2 }), /params.in_proj_weight must have shape \[12, 4\] \(3E, E\), got shape \[8, 4\]/],
    ['a missing out_proj.bias', () => multiHeadAttention({ in_proj_weight: mha().in_proj_weight, in_proj_bias: mha().in_proj_bias, 'out_proj.weight': mha()['out_proj.weight'] }, q(), k(), k(), { numHeads: 2 }), /params.out_proj.bias is missing/],
    ['options that are not an object', () => multiHeadAttention(mha(), q(), k(), k(), undefined as never), /multiHeadAttention: options must be an object with at least numHeads/],
  ])('rejects %s', (_name, call, message) => {
    expect(() => tf.tidy(() => {
      call();
    })).toThrow(message);
  });
});

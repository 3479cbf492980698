// Child-Sum and N-ary Tree-LSTM steps against a float64 plain-JS reference, and their bad input.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import type { TreeStepResult } from '@rnnkit/core';
import { initParams, seededRandom } from '@rnnkit/core';
import { FORWARD_TOLERANCE, compareValues } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { childSumTreeLstmCell } from './child_sum_tree_lstm_cell.js';
import { naryTreeLstmCell } from './nary_tree_lstm_cell.js';

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
const I = 3;
const H = 4;

/** Row r of a (rows, cols) matrix times v. */
function rowsTimes(w: Float32Array, cols: number, first: number, count: number, v: number[]): number[] {
  return Array.from({ length: count }, (_, r) => v.reduce((s, x, j) => s + (w[(first + r) * cols + j] ?? 0) * x, 0));
}
const add = (...vs: number[][]): number[] => (vs[0] ?? []).map((_, j) => vs.reduce((s, v) => s + (v[j] ?? 0), 0));

interface Child { h: number[]; c: number[] }

function childSumReference(p: Record<string, Float32Array>, x: number[], children: Child[]): Child {
  const wih = p['weight_ih'] as Float32Array;
  const whh = p['weight_hh'] as Float32Array;
  const b = Array.from(p['bias'] as Float32Array);
  const gate = (k: number, h: number[]) => add(rowsTimes(wih, I, k * H, H, x), rowsTimes(whh, H, k * H, H, h), b.slice(k * H, (k + 1) * H));
  const hSum = children.reduce((s, ch) => add(s, ch.h), new Array<number>(H).fill(0));
  const i = gate(0, hSum).map(sigmoid);
  const o = gate(2, hSum).map(sigmoid);
  const u = gate(3, hSum).map(Math.tanh);
  const c = i.map((iv, j) => iv * (u[j] ?? 0) + children.reduce((s, ch) => s + sigmoid(gate(1, ch.h)[j] ?? 0) * (ch.c[j] ?? 0), 0));
  return { h: o.map((ov, j) => ov * Math.tanh(c[j] ?? 0)), c };
}

function naryReference(p: Record<string, Float32Array>, N: number, x: number[], children: Child[]): Child {
  const wih = p['weight_ih'] as Float32Array;
  const b = Array.from(p['bias'] as Float32Array);
  const slots = Array.from({ length: N }, (_, l) => children[l] ?? { h: new Array<number>(H).fill(0), c: new Array<number>(H).fill(0) });
  const gate = (k: number) => add(rowsTimes(wih, I, k * H, H, x), b.slice(k * H, (k + 1) * H), ...slots.map((ch, l) => rowsTimes(p[`weight_hh_l${l}`] as Float32Array, H, k * H, H, ch.h)));
  const i = gate(0).map(sigmoid);
  const o = gate(1 + N).map(sigmoid);
  const u = gate(2 + N).map(Math.tanh);
  const c = i.map((iv, j) => iv * (u[j] ?? 0) + slots.reduce((s, ch, l) => s + sigmoid(gate(1 + l)[j] ?? 0) * (ch.c[j] ?? 0), 0));
  return { h: o.map((ov, j) => ov * Math.tanh(c[j] ?? 0)), c };
}

const random = seededRandom(9);
const vec = (n: number): number[] => Array.from({ length: n }, () => 2 * random() - 1);

/** Packs per-node child lists into (M, K, H) tensors, zero-padded. */
function pack(nodes: Child[][], K: number): { h: tf.Tensor3D; c: tf.Tensor3D } {
  const h = new Float32Array(nodes.length * K * H);
  const c = new Float32Array(nodes.length * K * H);
  nodes.forEach((list, m) => list.forEach((ch, k) => {
    h.set(ch.h, (m * K + k) * H);
    c.set(ch.c, (m * K + k) * H);
  }));
  return { h: tf.tensor3d(h, [nodes.length, K, H]), c: tf.tensor3d(c, [nodes.length, K, H]) };
}

function expectStepMatches(result: TreeStepResult, expected: Child[]): void {
  const actual = result.state;
  expect(result.output).toBe(actual.h);
  expect(actual.h.shape).toEqual([expected.length, H]);
  expect(compareValues(actual.h.dataSync(), expected.flatMap((e) => e.h), FORWARD_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
  expect(compareValues(actual.c.dataSync(), expected.flatMap((e) => e.c), FORWARD_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
}

describeWithBackends(['cpu', 'wasm'], 'tree-lstm cells', () => {
  it('childSumTreeLstmCell: nodes with 3, 1 and 0 children in one padded step match the reference', () => {
    const cell = childSumTreeLstmCell({ inputSize: I, hiddenSize: H });
    const params = initParams(cell.paramSpec, seededRandom(1));
    const p = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.dataSync() as Float32Array]));
    const xs = [vec(I), vec(I), vec(I)];
    const kids: Child[][] = [[0, 1, 2].map(() => ({ h: vec(H), c: vec(H) })), [{ h: vec(H), c: vec(H) }], []];
    const packed = pack(kids, 3);
    const out = cell.step(params, tf.tensor2d(xs), packed);
    expectStepMatches(out, xs.map((x, m) => childSumReference(p, x, kids[m] ?? [])));
    // Children are unordered: permuting the slots changes nothing.
    const permuted = pack([[kids[0]?.[2], kids[0]?.[0], kids[0]?.[1]] as Child[], kids[1] ?? [], []], 3);
    expectStepMatches(cell.step(params, tf.tensor2d(xs), permuted), xs.map((x, m) => childSumReference(p, x, kids[m] ?? [])));
    const leaves = cell.step(params, tf.tensor2d(xs), pack([[], [], []], 0));
    expectStepMatches(leaves, xs.map((x) => childSumReference(p, x, [])));
    tf.dispose([out.state, leaves.state, packed, permuted, ...Object.values(params)].flatMap((t) => (t instanceof tf.Tensor ? [t] : Object.values(t))));
  });

  it('naryTreeLstmCell: slot order matters and missing slots count as zero children', () => {
    const N = 3;
    const cell = naryTreeLstmCell({ inputSize: I, hiddenSize: H, arity: N });
    expect(Object.keys(cell.paramSpec)).toEqual(['weight_ih', 'bias', 'weight_hh_l0', 'weight_hh_l1', 'weight_hh_l2']);
    const params = initParams(cell.paramSpec, seededRandom(2));
    const p = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.dataSync() as Float32Array]));
    const xs = [vec(I), vec(I)];
    const a = { h: vec(H), c: vec(H) };
    const b = { h: vec(H), c: vec(H) };
    const kids: Child[][] = [[a, b], [b, a]];
    const expected = xs.map((x, m) => naryReference(p, N, x, kids[m] ?? []));
    // Two of three slots given (K = 2 < N): the third is an empty slot.
    const out = cell.step(params, tf.tensor2d(xs), pack(kids, 2));
    expectStepMatches(out, expected);
    expect(compareValues(tf.slice(out.state.h, [0, 0], [1, H]).dataSync(), tf.slice(out.state.h, [1, 0], [1, H]).dataSync(), FORWARD_TOLERANCE).worstRatio).toBeGreaterThan(1);
    // The same with all three slots passed, the last zero.
    expectStepMatches(cell.step(params, tf.tensor2d(xs), pack(kids, 3)), expected);
  });
});

describeWithBackends(['cpu'], 'tree-lstm cells bad input', () => {
  it.each([
    ['a zero hidden size', () => childSumTreeLstmCell({ inputSize: 2, hiddenSize: 0 }), /childSumTreeLstmCell: hiddenSize must be an integer >= 1, got 0/],
    ['an unknown option', () => childSumTreeLstmCell({ inputSize: 2, hiddenSize: 3, arity: 2 } as never), /unknown option "arity"/],
    ['a missing arity', () => naryTreeLstmCell({ inputSize: 2, hiddenSize: 3 } as never), /naryTreeLstmCell: arity must be an integer >= 1, got undefined/],
    ['a non-boolean bias', () => naryTreeLstmCell({ inputSize: 2, hiddenSize: 3, arity: 2, bias: 1 as never }), /bias must be a boolean, got 1/],
  ])('rejects %s', (_name, make, message) => {
    expect(make).toThrow(message);
  });

  it('rejects bad step arguments with the argument named', () => {
    const cell = naryTreeLstmCell({ inputSize: 2, hiddenSize: 3, arity: 2 });
    const params = initParams(cell.paramSpec, seededRandom(0));
    const x = tf.zeros([4, 2]) as tf.Tensor2D;
    const kids = (K: number) => ({ h: tf.zeros([4, K, 3]) as tf.Tensor3D, c: tf.zeros([4, K, 3]) as tf.Tensor3D });
    expect(() => cell.step(params, x, kids(3))).toThrow('naryTreeLstmCell(N=2).step: children.h must have at most 2 child slots (M, K, H), got shape [4, 3, 3]');
    expect(() => cell.step(params, tf.zeros([4, 5]) as tf.Tensor2D, kids(2))).toThrow(/x must have shape \[\*, 2\] \(M, inputSize\), got shape \[4, 5\]/);
    expect(() => cell.step(params, x, { h: kids(2).h, c: tf.zeros([4, 1, 3]) as tf.Tensor3D })).toThrow(/children.c must have shape \[4, 2, 3\]/);
    expect(() => cell.step(params, x, { h: tf.zeros([3, 2, 3]) as tf.Tensor3D, c: tf.zeros([3, 2, 3]) as tf.Tensor3D })).toThrow(/children.h must have shape \[4, \*, 3\]/);
    expect(() => cell.step(params, x, null as never)).toThrow(/children must be an object \{h, c\}/);
    const { weight_hh_l1: _dropped, ...partial } = params;
    expect(() => cell.step(partial, x, kids(2))).toThrow(/params.weight_hh_l1 is missing/);
    expect(() => cell.step({ ...params, bias: tf.zeros([3]) }, x, kids(2))).toThrow(/params.bias must have shape \[15\], got shape \[3\]/);
  });
});

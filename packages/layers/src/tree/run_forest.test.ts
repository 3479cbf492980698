// runForest against a node-at-a-time recursion, its level batching, the forest builders and bad input.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import type { TreeCell } from '@rnnkit/core';
import { childSumTreeLstmCell, naryTreeLstmCell } from '@rnnkit/cells';
import { initParams, seededRandom } from '@rnnkit/core';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, compareValues, tensorCountsOverSteps } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { forestFromChildren } from './forest_from_children.js';
import { forestFromParents } from './forest_from_parents.js';
import { forestFromTrees } from './forest_from_trees.js';
import { runForest } from './run_forest.js';

const I = 3;
const H = 4;

/** A random forest with at most `arity` children per node, ids shuffled so children may precede parents. */
function randomForest(seed: number, size: number, arity: number): number[] {
  const random = seededRandom(seed);
  const parent: number[] = [];
  const count = new Array<number>(size).fill(0);
  for (let j = 0; j < size; j++) {
    const options = Array.from({ length: j }, (_, p) => p).filter((p) => (count[p] ?? 0) < arity);
    const p = j === 0 || random() < 0.15 || options.length === 0 ? -1 : (options[Math.floor(random() * options.length)] ?? -1);
    parent.push(p);
    if (p >= 0) count[p] = (count[p] ?? 0) + 1;
  }
  const order = Array.from({ length: size }, (_, j) => j).sort(() => random() - 0.5);
  const newId = new Array<number>(size);
  order.forEach((old, k) => {
    newId[old] = k;
  });
  const shuffled = new Array<number>(size);
  parent.forEach((p, old) => {
    shuffled[newId[old] ?? 0] = p === -1 ? -1 : (newId[p] ?? 0);
  });
  return shuffled;
}

/** The independent reference: each node computed alone by recursion, one cell step per node. */
function recursive(cell: TreeCell, params: Record<string, tf.Tensor>, x: tf.Tensor2D, parent: number[]): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const children = parent.map((_, j) => parent.map((p, k) => (p === j ? k : -1)).filter((k) => k >= 0));
  const memo = new Map<number, { h: tf.Tensor2D; c: tf.Tensor2D }>();
  const node = (j: number): { h: tf.Tensor2D; c: tf.Tensor2D } => {
    const known = memo.get(j);
    if (known !== undefined) return known;
    const kids = (children[j] ?? []).map(node);
    const stackOf = (key: 'h' | 'c') => (kids.length === 0 ? tf.zeros([1, 0, H]) : tf.stack(kids.map((k) => k[key]), 1)) as tf.Tensor3D;
    const { state } = cell.step(params, tf.slice(x, [j, 0], [1, I]), { h: stackOf('h'), c: stackOf('c') });
    memo.set(j, state);
    return state;
  };
  const all = parent.map((_, j) => node(j));
  return { h: tf.concat(all.map((s) => s.h)), c: tf.concat(all.map((s) => s.c)) };
}

describeWithBackends(['cpu', 'wasm'], 'runForest', () => {
  it.each([
    ['childSum', childSumTreeLstmCell({ inputSize: I, hiddenSize: H }), Infinity],
    ['nary(N=3)', naryTreeLstmCell({ inputSize: I, hiddenSize: H, arity: 3 }), 3],
  ] as const)('%s: same h, c and gradients as node-by-node recursion on a shuffled forest', (_name, cell, arity) => {
    const parent = randomForest(11, 30, arity === Infinity ? 5 : arity);
    const params = initParams(cell.paramSpec, seededRandom(3));
    const x = tf.randomNormal([parent.length, I], 0, 1, 'float32', 4) as tf.Tensor2D;
    const cot = tf.randomNormal([parent.length, H], 0, 1, 'float32', 5);
    const names = Object.keys(params);
    const objective = (run: typeof runForest | typeof recursive) => (...values: tf.Tensor[]): tf.Scalar => {
      const p = Object.fromEntries(names.map((n, k) => [n, values[k + 1] as tf.Tensor]));
      const { h, c } = run(cell, p, values[0] as tf.Tensor2D, parent);
      return tf.add(tf.sum(tf.mul(h, cot)), tf.sum(tf.mul(c, tf.square(cot))));
    };
    const inputs = [x, ...names.map((n) => params[n] as tf.Tensor)];
    const ours = runForest(cell, params, x, parent);
    const ref = recursive(cell, params, x, parent);
    expect(ours.h.shape).toEqual([parent.length, H]);
    expect(compareValues(ours.h.dataSync(), ref.h.dataSync(), FORWARD_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
    expect(compareValues(ours.c.dataSync(), ref.c.dataSync(), FORWARD_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
    const g1 = tf.grads(objective(runForest))(inputs);
    const g2 = tf.grads(objective(recursive))(inputs);
    g1.forEach((g, k) => {
      expect(compareValues(g.dataSync(), (g2[k] as tf.Tensor).dataSync(), GRADIENT_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
    });
    tf.dispose([x, cot, ours.h, ours.c, ref.h, ref.c, ...g1, ...g2, ...Object.values(params)]);
  });

  it('takes one batched cell step per level, whatever the number of trees', () => {
    const base = childSumTreeLstmCell({ inputSize: I, hiddenSize: H });
    const batches: number[] = [];
    const counting: TreeCell = { ...base, step: (p, x, kids) => (batches.push(x.shape[0]), base.step(p, x, kids)) };
    const params = initParams(base.paramSpec, seededRandom(1));
    // Three trees of heights 2, 1 and 0: levels of 6, 2 and 1 nodes.
    const forest = forestFromParents([-1, 0, 0, 1, 1, -1, 5, 5, -1]);
    expect(Array.from(forest.height)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0]);
    const { h, c } = tf.tidy(() => runForest(counting, params, tf.ones([9, I]), forest));
    expect(batches).toEqual([6, 2, 1]);
    tf.dispose([h, c, ...Object.values(params)]);
  });

  it('leaks no tensors over training steps', async () => {
    const cell = childSumTreeLstmCell({ inputSize: I, hiddenSize: H });
    const params = Object.fromEntries(Object.entries(initParams(cell.paramSpec, seededRandom(2))).map(([k, v]) => [k, tf.variable(v)]));
    const forest = forestFromParents(randomForest(5, 20, 4));
    const x = tf.randomNormal([20, I]) as tf.Tensor2D;
    const optimizer = tf.train.adam(0.01);
    const counts = await tensorCountsOverSteps(() => {
      const loss = optimizer.minimize(() => tf.sum(runForest(cell, params, x, forest).h), true, Object.values(params));
      loss?.dispose();
    });
    expect(counts.afterLast).toBe(counts.afterSecond);
    tf.dispose([x, ...Object.values(params)]);
    optimizer.dispose();
  });
});

describeWithBackends(['cpu'], 'forest builders', () => {
  it('forestFromParents: heights, levels, roots, trees and slot order by id', () => {
    const forest = forestFromParents([3, -1, 3, 1, -1, 4, 1]);
    expect(forest.children).toEqual([[], [3, 6], [], [0, 2], [5], [], []]);
    expect(Array.from(forest.roots)).toEqual([1, 4]);
    expect(Array.from(forest.tree)).toEqual([0, 0, 0, 0, 1, 1, 0]);
    expect(forest.levels.map((l) => Array.from(l))).toEqual([[0, 2, 5, 6], [3, 4], [1]]);
    expect(forest.maxChildren).toBe(2);
  });

  it('forestFromChildren keeps the given slot order', () => {
    const forest = forestFromChildren([[2, 1], [], []]);
    expect(forest.children).toEqual([[2, 1], [], []]);
    expect(Array.from(forest.parent)).toEqual([-1, 0, 0]);
  });

  it('forestFromTrees numbers nodes in preorder, tree after tree', () => {
    const flat = forestFromTrees([{ x: 'a', children: [{ x: 'b', children: [{ x: 'c' }] }, { x: 'd' }] }, { x: 'e' }]);
    expect(flat.x).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(Array.from(flat.parent)).toEqual([-1, 0, 1, 0, -1]);
    expect(Array.from(flat.tree)).toEqual([0, 0, 0, 0, 1]);
    expect(flat.forest.children).toEqual([[1, 3], [2], [], [], []]);
  });

  const shared = { x: 1 };
  const cyclic: { x: number; children: unknown[] } = { x: 0, children: [] };
  cyclic.children.push({ x: 1, children: [cyclic] });
  it.each([
    ['a parent out of range', () => forestFromParents([-1, 0, 7]), 'forestFromParents: parent[2] must be -1 (a root) or a node id in [0, 2], got 7'],
    ['a parent below -1', () => forestFromParents([-2]), /parent\[0\] must be -1 \(a root\) or a node id/],
    ['a fractional parent', () => forestFromParents([-1, 0.5]), /parent\[1\] must be -1 \(a root\) or a node id in \[0, 1\], got 0.5/],
    ['a node that is its own parent', () => forestFromParents([-1, 1]), /parent\[1\] is 1: a node cannot be its own parent/],
    ['a cycle', () => forestFromParents([-1, 3, 1, 2]), /the nodes (1 -> 3 -> 2|2 -> 1 -> 3|3 -> 2 -> 1) -> \d form a cycle/],
    ['more children than allowed', () => forestFromParents([-1, 0, 0, 0], { maxChildren: 2 }), /node 0 has 3 children, more than the 2 allowed/],
    ['a float parent tensor', () => forestFromParents(tf.tensor1d([-1, 0])), /parent must be a 1-D int32 tensor/],
    ['a string', () => forestFromParents('0,1' as never), /parent must be an array of integers/],
    ['two parents claiming one child', () => forestFromChildren([[2], [2], []]), 'forestFromChildren: node 2 is claimed as a child by both node 0 and node 1; a node has one parent'],
    ['a child id out of range', () => forestFromChildren([[5], []]), /children\[0\]\[0\] must be a node id in \[0, 1\], got 5/],
    ['a cycle of child lists', () => forestFromChildren([[1], [0]]), /form a cycle/],
    ['a shared subtree object', () => forestFromTrees([{ x: 0, children: [shared] }, { x: 2, children: [shared] }]), /trees\[1\].children\[0\] is the same node object as trees\[0\].children\[0\]/],
    ['a cyclic nested tree', () => forestFromTrees([cyclic as never]), /trees\[0\].children\[0\].children\[0\] is one of its own ancestors \(a cycle\)/],
    ['a node without x', () => forestFromTrees([{ children: [] } as never]), /trees\[0\] must be an object \{x, children\?\}/],
    ['children that are not an array', () => forestFromTrees([{ x: 0, children: 'ab' as never }]), /trees\[0\].children must be an array of nodes/],
    ['too many nested children', () => forestFromTrees([{ x: 0, children: [{ x: 1 }, { x: 2 }, { x: 3 }] }], { maxChildren: 2 }), /node 0 has 3 children/],
  ])('rejects %s', (_name, call, message) => {
    expect(call).toThrow(message);
  });

  it('runForest rejects what does not fit the cell', () => {
    const nary = naryTreeLstmCell({ inputSize: I, hiddenSize: H, arity: 2 });
    const params = initParams(nary.paramSpec, seededRandom(0));
    const x = tf.zeros([4, I]) as tf.Tensor2D;
    expect(() => runForest(nary, params, x, [-1, 0, 0, 0])).toThrow('runForest: node 0 has 3 children, more than the 2 allowed (an N-ary cell has N child slots)');
    expect(() => runForest(nary, params, x, forestFromParents([-1, 0, 0, 0]))).toThrow(/runForest: node 0 has 3 children, more than the 2 child slots of naryTreeLstmCell\(N=2\)/);
    expect(() => runForest(nary, params, x, [-1, 0, 0])).toThrow('runForest: x must have one row per node of the forest (3), got shape [4, 3]');
    expect(() => runForest(nary, params, tf.zeros([4, 2]) as tf.Tensor2D, [-1, 0, 0, 1])).toThrow(/x must have shape \[\*, 3\] \(nodes, inputSize\)/);
    expect(() => runForest(nary, params, x, [-1, 0, 9, 1])).toThrow(/runForest: parent\[2\] must be -1 \(a root\) or a node id in \[0, 3\], got 9/);
    expect(() => runForest(nary, params, x, { parent: [-1] } as never)).toThrow(/forest must be a Forest \(forestFromParents, forestFromTrees\) or a parent array/);
    expect(() => runForest({} as never, params, x, [-1])).toThrow(/cell must be a tree cell/);
    expect(() => runForest(nary, params, tf.zeros([0, I]) as tf.Tensor2D, [])).toThrow(/the forest must have at least one node/);
  });
});

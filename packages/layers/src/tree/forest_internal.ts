// Builds and checks forests from child lists, and gathers rows with a gradient that needs no
// scatter kernel.
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import type { Forest } from './forest.js';

const built = new WeakSet<Forest>();

/** Whether `value` came from one of the forest builders (and so is known to be valid). */
export function isBuiltForest(value: unknown): value is Forest {
  return typeof value === 'object' && value !== null && built.has(value as Forest);
}

/**
 * Checks and indexes a forest given as child lists in slot order. `argument` names what the
 * caller passed, for messages; `maxChildren` bounds the children of any node (an N-ary cell's N).
 */
export function buildForest(fn: string, argument: string, children: ReadonlyArray<readonly number[]>, maxChildren: number): Forest {
  const size = children.length;
  const parent = new Int32Array(size).fill(-1);
  let most = 0;
  for (let j = 0; j < size; j++) {
    const list = children[j] ?? [];
    if (list.length > maxChildren) {
      throw new InputError(fn, argument, `node ${j} has ${list.length} children, more than the ${maxChildren} allowed (an N-ary cell has N child slots)`);
    }
    most = Math.max(most, list.length);
    for (const child of list) {
      if (child === j) throw new InputError(fn, argument, `node ${j} is its own child (a cycle)`);
      const previous = parent[child] ?? -1;
      if (previous !== -1) {
        throw new InputError(fn, argument, `node ${child} is claimed as a child by both node ${previous} and node ${j}; a node has one parent`);
      }
      parent[child] = j;
    }
  }
  // Heights from the leaves up (Kahn's order); nodes never reached sit on a cycle.
  const height = new Int32Array(size);
  const pending = Int32Array.from(children, (list) => list.length);
  const queue: number[] = [];
  for (let j = 0; j < size; j++) if (pending[j] === 0) queue.push(j);
  for (let head = 0; head < queue.length; head++) {
    const j = queue[head] as number;
    const p = parent[j] ?? -1;
    if (p === -1) continue;
    height[p] = Math.max(height[p] ?? 0, (height[j] ?? 0) + 1);
    pending[p] = (pending[p] ?? 0) - 1;
    if (pending[p] === 0) queue.push(p);
  }
  if (queue.length < size) {
    const start = pending.findIndex((n) => n > 0);
    const cycle = [start];
    for (let j = parent[start] ?? -1; j !== start && j !== -1 && cycle.length <= size; j = parent[j] ?? -1) cycle.push(j);
    throw new InputError(fn, argument, `the nodes ${cycle.join(' -> ')} -> ${start} form a cycle; a forest has none`);
  }
  const roots: number[] = [];
  for (let j = 0; j < size; j++) if (parent[j] === -1) roots.push(j);
  // Tree ids: roots first, then each node takes its parent's, visiting parents before children.
  const tree = new Int32Array(size).fill(-1);
  const order = [...queue].reverse();
  roots.forEach((r, k) => {
    tree[r] = k;
  });
  for (const j of order) {
    const p = parent[j] ?? -1;
    if (p !== -1) tree[j] = tree[p] ?? -1;
  }
  const levelCount = size === 0 ? 0 : Math.max(...height) + 1;
  const levelLists: number[][] = Array.from({ length: levelCount }, () => []);
  for (let j = 0; j < size; j++) levelLists[height[j] ?? 0]?.push(j);
  const forest: Forest = Object.freeze({
    size,
    parent,
    children: Object.freeze(children.map((list) => Object.freeze([...list]))),
    roots: Int32Array.from(roots),
    tree,
    height,
    levels: Object.freeze(levelLists.map((list) => Int32Array.from(list))),
    maxChildren: most,
  });
  built.add(forest);
  return forest;
}

/**
 * Rows `index[p]` of `table` (R, F), a zero row where `index[p] === -1`. The non-negative indices
 * must be distinct, so the gradient is a gather too: no scatter-add kernel (which the wasm backend
 * lacks) is needed.
 */
export function gatherDistinctRows(table: tf.Tensor2D, index: Int32Array): tf.Tensor2D {
  const rows = table.shape[0];
  const inverse = new Int32Array(rows).fill(index.length);
  index.forEach((r, p) => {
    if (r >= 0) inverse[r] = p;
  });
  const padded = Int32Array.from(index, (r) => (r < 0 ? rows : r));
  const gather = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const source = inputs[0] as tf.Tensor2D;
    const value = tf.tidy(() => {
      const withZero = tf.concat([source, tf.zeros([1, source.shape[1]])], 0);
      return tf.gather(withZero, tf.tensor1d(padded, 'int32'));
    });
    const gradFunc = (dy: tf.Tensor) =>
      tf.tidy(() => {
        const withZero = tf.concat([dy, tf.zeros([1, dy.shape[1] ?? 0])], 0);
        return tf.gather(withZero, tf.tensor1d(inverse, 'int32'));
      });
    return { value, gradFunc };
  });
  return gather(table) as tf.Tensor2D;
}

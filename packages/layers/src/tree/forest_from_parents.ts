// Builds a forest from a parent array, the compact form datasets and the fixtures use.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkInteger, checkKnownOptions, describeValue } from '@rnnkit/core';
import type { Forest } from './forest.js';
import { buildForest } from './forest_internal.js';

export interface ForestFromParentsOptions {
  /** The most children a node may have (an N-ary cell's N). @default Infinity */
  maxChildren?: number;
}

/** A parent array as a user may give it. */
export type ParentInput = readonly number[] | Int32Array | tf.Tensor1D;

/**
 * Checks a parent array (`parent[j]` is node j's parent, `-1` for a root) and returns the
 * {@link Forest}. A node's children take slots in id order: the lowest id is slot 0. Trees may be
 * numbered in any order; cycles, parents out of range and nodes with more than `maxChildren`
 * children are errors.
 *
 * - `maxChildren`: bound on children per node, checked here so an N-ary model fails early.
 *
 * @example
 * const forest = forestFromParents([-1, 0, 0, 1, -1, 4]); // two trees: 0(1(3), 2) and 4(5)
 */
export function forestFromParents(parent: ParentInput, options: ForestFromParentsOptions = {}): Forest {
  const fn = 'forestFromParents';
  checkKnownOptions(fn, 'options', options, ['maxChildren']);
  const { maxChildren = Infinity } = options;
  if (maxChildren !== Infinity) checkInteger(fn, 'maxChildren', maxChildren, 1);
  let values: ArrayLike<number>;
  if (parent instanceof tf.Tensor) {
    if (parent.rank !== 1 || parent.dtype !== 'int32') {
      throw new InputError(fn, 'parent', `parent must be a 1-D int32 tensor or an array of integers, got ${describeValue(parent)}`);
    }
    values = parent.dataSync();
  } else if (Array.isArray(parent) || parent instanceof Int32Array) {
    values = parent as ArrayLike<number>;
  } else {
    throw new InputError(fn, 'parent', `parent must be an array of integers (-1 for a root), got ${describeValue(parent)}`);
  }
  const size = values.length;
  const children: number[][] = Array.from({ length: size }, () => []);
  for (let j = 0; j < size; j++) {
    const p = values[j];
    if (typeof p !== 'number' || !Number.isInteger(p) || p < -1 || p >= size) {
      throw new InputError(fn, 'parent', `parent[${j}] must be -1 (a root) or a node id in [0, ${size - 1}], got ${describeValue(p)}`);
    }
    if (p === j) throw new InputError(fn, 'parent', `parent[${j}] is ${j}: a node cannot be its own parent (a cycle)`);
    if (p >= 0) children[p]?.push(j);
  }
  return buildForest(fn, 'parent', children, maxChildren);
}

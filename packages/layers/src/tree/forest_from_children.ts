// Builds a forest from child lists, when the slot order of children is not the id order.
import { InputError, checkInteger, checkKnownOptions, describeValue } from '@rnnkit/core';
import type { Forest } from './forest.js';
import { buildForest } from './forest_internal.js';

export interface ForestFromChildrenOptions {
  /** The most children a node may have (an N-ary cell's N). @default Infinity */
  maxChildren?: number;
}

/**
 * Checks child lists (`children[j]` lists node j's children in slot order) and returns the
 * {@link Forest}. Nodes listed by no one are roots. A node claimed by two parents, a cycle, an id
 * out of range or more than `maxChildren` children is an error.
 *
 * - `maxChildren`: bound on children per node.
 *
 * @example
 * const forest = forestFromChildren([[2, 1], [], []]); // node 2 in slot 0, node 1 in slot 1
 */
export function forestFromChildren(children: ReadonlyArray<readonly number[]>, options: ForestFromChildrenOptions = {}): Forest {
  const fn = 'forestFromChildren';
  checkKnownOptions(fn, 'options', options, ['maxChildren']);
  const { maxChildren = Infinity } = options;
  if (maxChildren !== Infinity) checkInteger(fn, 'maxChildren', maxChildren, 1);
  if (!Array.isArray(children)) {
    throw new InputError(fn, 'children', `children must be an array of child-id arrays, got ${describeValue(children)}`);
  }
  const size = children.length;
  children.forEach((list: unknown, j) => {
    if (!Array.isArray(list)) {
      throw new InputError(fn, 'children', `children[${j}] must be an array of node ids, got ${describeValue(list)}`);
    }
    list.forEach((child: unknown, slot) => {
      if (typeof child !== 'number' || !Number.isInteger(child) || child < 0 || child >= size) {
        throw new InputError(fn, 'children', `children[${j}][${slot}] must be a node id in [0, ${size - 1}], got ${describeValue(child)}`);
      }
    });
  });
  return buildForest(fn, 'children', children, maxChildren);
}

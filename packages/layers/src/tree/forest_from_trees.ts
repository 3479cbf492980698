// Flattens trees given as nested objects into the forest arrays the tree layers take.
import { InputError, checkInteger, checkKnownOptions, describeValue } from '@rnnkit/core';
import type { Forest } from './forest.js';
import { buildForest } from './forest_internal.js';

/** A tree as nested objects: a node's input `x` and its children in slot order. */
export interface TreeNode<X> {
  readonly x: X;
  readonly children?: ReadonlyArray<TreeNode<X>>;
}

export interface ForestFromTreesOptions {
  /** The most children a node may have (an N-ary cell's N). @default Infinity */
  maxChildren?: number;
}

/** The trees flattened: node j's input, parent and tree, and the checked forest. */
export interface FlatForest<X> {
  /** Inputs in node order (stack them into the (nodes, I) tensor a layer takes). */
  readonly x: X[];
  readonly parent: Int32Array;
  readonly tree: Int32Array;
  readonly forest: Forest;
}

/**
 * Numbers the nodes of `trees` in preorder (each tree after the previous one, a parent before its
 * children, children in slot order) and returns their inputs, parent and tree arrays and the
 * {@link Forest}. The same node object reached twice (two parents claiming one child) or reached
 * from inside itself (a cycle) is an error, as are more than `maxChildren` children.
 *
 * @example
 * const { x, parent } = forestFromTrees([{ x: 'not', children: [{ x: 'good' }] }, { x: 'bad' }]);
 * // x: ['not', 'good', 'bad'], parent: [-1, 0, -1]
 */
export function forestFromTrees<X>(trees: ReadonlyArray<TreeNode<X>>, options: ForestFromTreesOptions = {}): FlatForest<X> {
  const fn = 'forestFromTrees';
  checkKnownOptions(fn, 'options', options, ['maxChildren']);
  const { maxChildren = Infinity } = options;
  if (maxChildren !== Infinity) checkInteger(fn, 'maxChildren', maxChildren, 1);
  if (!Array.isArray(trees)) {
    throw new InputError(fn, 'trees', `trees must be an array of {x, children} objects, got ${describeValue(trees)}`);
  }
  const xs: X[] = [];
  const parent: number[] = [];
  const tree: number[] = [];
  const children: number[][] = [];
  const ids = new Map<object, string>();
  trees.forEach((root: unknown, k) => {
    // Iterative preorder so deep trees cannot overflow the call stack.
    const stack: Array<{ node: unknown; path: string; parent: number; ancestors: ReadonlySet<object> }> = [
      { node: root, path: `trees[${k}]`, parent: -1, ancestors: new Set() },
    ];
    while (stack.length > 0) {
      const item = stack.pop();
      if (item === undefined) break;
      const { node, path, ancestors } = item;
      if (typeof node !== 'object' || node === null || !('x' in node)) {
        throw new InputError(fn, path, `${path} must be an object {x, children?}, got ${describeValue(node)}`);
      }
      if (ancestors.has(node)) throw new InputError(fn, path, `${path} is one of its own ancestors (a cycle)`);
      const seen = ids.get(node);
      if (seen !== undefined) {
        throw new InputError(fn, path, `${path} is the same node object as ${seen}; a node has one parent (copy shared subtrees)`);
      }
      ids.set(node, path);
      const id = xs.length;
      xs.push((node as TreeNode<X>).x);
      parent.push(item.parent);
      tree.push(k);
      children.push([]);
      if (item.parent >= 0) children[item.parent]?.push(id);
      const kids: unknown = (node as TreeNode<X>).children ?? [];
      if (!Array.isArray(kids)) {
        throw new InputError(fn, `${path}.children`, `${path}.children must be an array of nodes, got ${describeValue(kids)}`);
      }
      const inside = new Set(ancestors).add(node);
      for (let slot = kids.length - 1; slot >= 0; slot--) {
        stack.push({ node: kids[slot], path: `${path}.children[${slot}]`, parent: id, ancestors: inside });
      }
    }
  });
  const forest = buildForest(fn, 'trees', children, maxChildren);
  return { x: xs, parent: Int32Array.from(parent), tree: Int32Array.from(tree), forest };
}

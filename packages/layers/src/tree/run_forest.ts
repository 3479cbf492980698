// Runs a Tree-LSTM cell over a whole forest, one batched step per level of equal height.
import * as tf from '@tensorflow/tfjs-core';
import type { Params, TreeCell } from '@rnnkit/core';
import { InputError, checkParams, checkTensor, describeValue } from '@rnnkit/core';
import type { Forest } from './forest.js';
import type { ParentInput } from './forest_from_parents.js';
import { forestFromParents } from './forest_from_parents.js';
import { gatherDistinctRows, isBuiltForest } from './forest_internal.js';

/** `h` and `c` of every node, (nodes, H), in node order. (A type, not an interface, so tf.tidy can return it.) */
export type ForestResult = {
  h: tf.Tensor2D;
  c: tf.Tensor2D;
};

/**
 * Computes every node of a forest bottom-up with a Tree-LSTM cell. All nodes of the same height,
 * across every tree, form one batched step (leaves first), so a forest of height D takes D + 1
 * steps whatever its size, and the gradient runs level by level too.
 *
 * `x` is (nodes, inputSize), row j the input of node j. `forest` is a {@link Forest} (reuse one
 * across training steps) or a parent array (`-1` for roots; a node's children take slots in id
 * order), which is checked against the cell's `maxChildren`.
 *
 * @example
 * const cell = childSumTreeLstmCell({ inputSize: 4, hiddenSize: 8 });
 * const params = initParams(cell.paramSpec, seededRandom(0));
 * const { h, c } = runForest(cell, params, tf.randomNormal([6, 4]), [-1, 0, 0, 1, -1, 4]);
 * // h, c: (6, 8); rows 0 and 4 are the roots
 */
export function runForest(cell: TreeCell, params: Params, x: tf.Tensor2D, forest: Forest | ParentInput): ForestResult {
  const fn = 'runForest';
  if (typeof cell !== 'object' || cell === null || typeof cell.step !== 'function' || typeof cell.maxChildren !== 'number') {
    throw new InputError(fn, 'cell', `cell must be a tree cell (childSumTreeLstmCell, naryTreeLstmCell), got ${describeValue(cell)}`);
  }
  checkParams(fn, cell.paramSpec, params);
  const structure = isBuiltForest(forest) ? forest : forestFromParentsFor(fn, cell, forest);
  if (structure.maxChildren > cell.maxChildren) {
    const node = structure.children.findIndex((list) => list.length > cell.maxChildren);
    throw new InputError(fn, 'forest', `node ${node} has ${structure.children[node]?.length ?? 0} children, more than the ${cell.maxChildren} child slots of ${cell.name}`);
  }
  const input = checkTensor(fn, 'x', x, { shape: [null, cell.inputSize], axes: '(nodes, inputSize)' }) as tf.Tensor2D;
  if (input.shape[0] !== structure.size) {
    throw new InputError(fn, 'x', `x must have one row per node of the forest (${structure.size}), got shape [${input.shape.join(', ')}]`);
  }
  if (structure.size === 0) {
    throw new InputError(fn, 'forest', 'the forest must have at least one node');
  }
  const H = cell.hiddenSize;
  return tf.tidy(() => {
    // Row of each node in the table of computed states, which grows one level at a time.
    const row = new Int32Array(structure.size);
    const hParts: tf.Tensor2D[] = [];
    const cParts: tf.Tensor2D[] = [];
    let computed = 0;
    for (const level of structure.levels) {
      const nodes = level.length;
      const slots = Math.max(0, ...Array.from(level, (j) => structure.children[j]?.length ?? 0));
      let childH: tf.Tensor3D;
      let childC: tf.Tensor3D;
      if (slots === 0) {
        childH = tf.zeros([nodes, 0, H]);
        childC = tf.zeros([nodes, 0, H]);
      } else {
        const index = new Int32Array(nodes * slots).fill(-1);
        level.forEach((j, m) => {
          (structure.children[j] ?? []).forEach((child, slot) => {
            index[m * slots + slot] = row[child] ?? -1;
          });
        });
        const hTable = hParts.length === 1 ? (hParts[0] as tf.Tensor2D) : tf.concat(hParts, 0);
        const cTable = cParts.length === 1 ? (cParts[0] as tf.Tensor2D) : tf.concat(cParts, 0);
        childH = tf.reshape(gatherDistinctRows(hTable, index), [nodes, slots, H]);
        childC = tf.reshape(gatherDistinctRows(cTable, index), [nodes, slots, H]);
      }
      const { state } = cell.step(params, gatherDistinctRows(input, level), { h: childH, c: childC });
      hParts.push(state.h);
      cParts.push(state.c);
      level.forEach((j, m) => {
        row[j] = computed + m;
      });
      computed += nodes;
    }
    const allH = hParts.length === 1 ? (hParts[0] as tf.Tensor2D) : tf.concat(hParts, 0);
    const allC = cParts.length === 1 ? (cParts[0] as tf.Tensor2D) : tf.concat(cParts, 0);
    return { h: gatherDistinctRows(allH, row), c: gatherDistinctRows(allC, row) };
  });
}

function forestFromParentsFor(fn: string, cell: TreeCell, parent: unknown): Forest {
  if (!(parent instanceof tf.Tensor) && !Array.isArray(parent) && !(parent instanceof Int32Array)) {
    throw new InputError(fn, 'forest', `forest must be a Forest (forestFromParents, forestFromTrees) or a parent array, got ${describeValue(parent)}`);
  }
  const options = Number.isFinite(cell.maxChildren) ? { maxChildren: cell.maxChildren } : {};
  try {
    return forestFromParents(parent as ParentInput, options);
  } catch (e) {
    // Report the error as runForest's, the function the caller used.
    if (e instanceof InputError) throw new InputError(fn, 'forest', e.message.replace(/^forestFromParents: /, ''));
    throw e;
  }
}

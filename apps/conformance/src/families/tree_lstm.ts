// `tree-lstm`: Child-Sum and N-ary Tree-LSTM over a forest, through runForest.
import type * as tf from '@tensorflow/tfjs-core';
import type { TreeCell } from '@rnnkit/core';
import { childSumTreeLstmCell, naryTreeLstmCell } from '@rnnkit/cells';
import type { Forest } from '@rnnkit/layers';
import { forestFromChildren, forestFromParents, runForest } from '@rnnkit/layers';
import type { Fixture } from '@rnnkit/testing';
import type { PreparedFixture } from '../family.js';
import { UnsupportedFixture, configInt, specRecord, withPrefix } from '../family.js';

function buildCell(fixture: Fixture, params: Record<string, tf.Tensor>): TreeCell {
  const config = specRecord(fixture, 'config');
  const inputSize = configInt(config, 'input_size');
  const hiddenSize = configInt(config, 'hidden_size');
  const bias = params['bias'] !== undefined;
  switch (fixture.spec['cell']) {
    case 'child_sum_tree_lstm':
      return childSumTreeLstmCell({ inputSize, hiddenSize, bias });
    case 'nary_tree_lstm': {
      // N is the number of per-slot recurrent weights unless the config states it.
      const slots = Object.keys(params).filter((k) => /^weight_hh_l\d+$/.test(k)).length;
      const arity = configInt(config, 'N', configInt(config, 'arity', slots));
      return naryTreeLstmCell({ inputSize, hiddenSize, arity, bias });
    }
    default:
      throw new UnsupportedFixture(`cell ${JSON.stringify(fixture.spec['cell'])} is not a tree cell this toolkit has`);
  }
}

/** The forest from `spec.children` (explicit slot order) when given, else from `input.parent`. */
function buildForest(fixture: Fixture, parent: tf.Tensor | undefined, maxChildren: number): Forest {
  const options = Number.isFinite(maxChildren) ? { maxChildren } : {};
  const children = fixture.spec['children'];
  if (children === undefined) {
    if (parent === undefined) throw new UnsupportedFixture('a tree-lstm fixture needs input.parent or spec.children');
    return forestFromParents(parent as tf.Tensor1D, options);
  }
  const forest = forestFromChildren(children as number[][], options);
  if (parent !== undefined) {
    const given = parent.dataSync();
    const mismatch = Array.from(given).findIndex((p, j) => p !== forest.parent[j]);
    if (given.length !== forest.size || mismatch !== -1) {
      throw new Error(`spec.children and input.parent disagree${mismatch === -1 ? ' on the node count' : ` at node ${mismatch}`}`);
    }
  }
  return forest;
}

export function prepareTreeLstm(fixture: Fixture, tensors: Record<string, tf.Tensor>): PreparedFixture {
  const params = withPrefix(tensors, 'param.');
  const cell = buildCell(fixture, params);
  // input.tree only names each node's tree; the forest structure already implies it.
  const { parent, tree: _tree, ...inputs } = withPrefix(tensors, 'input.');
  const forest = buildForest(fixture, parent, cell.maxChildren);
  return {
    differentiable: { ...inputs, ...params },
    run(values) {
      const { x, ...paramValues } = values;
      if (x === undefined) throw new UnsupportedFixture('a tree-lstm fixture needs input.x');
      const { h, c } = runForest(cell, paramValues, x as tf.Tensor2D, forest);
      return { h, c };
    },
  };
}

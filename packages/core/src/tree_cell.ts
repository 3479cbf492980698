// The contract of a Tree-LSTM cell: one batched step over nodes whose children are already known.
import type * as tf from '@tensorflow/tfjs-core';
import type { ParamSpec, Params } from './cell.js';

/** The state of a batch of nodes: `h` and `c`, each (M, H). (A type, not an interface, so tf.tidy can return it.) */
export type TreeState = {
  readonly h: tf.Tensor2D;
  readonly c: tf.Tensor2D;
};

/**
 * The children of a batch of M nodes, in slot order: `h` and `c` are (M, K, H), K the most
 * children any of them has (0 for leaves); a node with fewer children has zeros in its last slots.
 * This is the state a tree step reads, as a chain cell reads its previous state.
 */
export interface TreeChildren {
  readonly h: tf.Tensor3D;
  readonly c: tf.Tensor3D;
}

/** What one tree step returns: the nodes' state and their output `h`. */
export type TreeStepResult = {
  readonly state: TreeState;
  /** (M, hiddenSize): the nodes' `h`. */
  readonly output: tf.Tensor2D;
};

/**
 * A Tree-LSTM cell: computes M nodes at once from their inputs and their children's states, with
 * the toolkit's argument order `(params, x, state)`. Every cell treats an all-zero child slot as
 * "no child", so a forest runner may pad with zeros.
 */
export interface TreeCell {
  /** A short name for messages (`childSumTreeLstmCell`, `naryTreeLstmCell(N=2)`). */
  readonly name: string;
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** The most children a node may have: N for an N-ary cell, `Infinity` for Child-Sum. */
  readonly maxChildren: number;
  readonly paramSpec: ParamSpec;
  /** One step: `x` is (M, inputSize), `children` (M, K, hiddenSize) with K <= maxChildren. */
  step(params: Params, x: tf.Tensor2D, children: TreeChildren): TreeStepResult;
}

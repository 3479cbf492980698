// Argument checks shared by the Tree-LSTM cells' steps.
import type * as tf from '@tensorflow/tfjs-core';
import type { Params, TreeCell, TreeChildren } from '@rnnkit/core';
import { InputError, checkParams, checkTensor, describeValue } from '@rnnkit/core';

/** Checks every parameter, `x` (M, I) and the children (M, K, H) with K <= maxChildren; returns K. */
export function checkTreeStep(cell: TreeCell, params: Params, x: unknown, children: unknown): { x: tf.Tensor2D; h: tf.Tensor3D; c: tf.Tensor3D; count: number } {
  const fn = `${cell.name}.step`;
  checkParams(fn, cell.paramSpec, params);
  const input = checkTensor(fn, 'x', x, { shape: [null, cell.inputSize], axes: '(M, inputSize)' }) as tf.Tensor2D;
  const nodes = input.shape[0];
  if (typeof children !== 'object' || children === null) {
    throw new InputError(fn, 'children', `children must be an object {h, c} of (M, K, H) tensors, got ${describeValue(children)}`);
  }
  const given = children as TreeChildren;
  const h = checkTensor(fn, 'children.h', given.h, { shape: [nodes, null, cell.hiddenSize], axes: '(M, K, hiddenSize)' }) as tf.Tensor3D;
  const count = h.shape[1];
  const c = checkTensor(fn, 'children.c', given.c, { shape: [nodes, count, cell.hiddenSize], axes: '(M, K, hiddenSize) like children.h' }) as tf.Tensor3D;
  if (count > cell.maxChildren) {
    throw new InputError(fn, 'children.h', `children.h must have at most ${cell.maxChildren} child slots (M, K, H), got shape [${h.shape.join(', ')}]`);
  }
  return { x: input, h, c, count };
}

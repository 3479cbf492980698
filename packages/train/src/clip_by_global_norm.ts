// Gradient clipping by the global L2 norm, as PyTorch's clip_grad_norm_ does it.
import * as tf from '@tensorflow/tfjs-core';
import { checkNumber } from '@rnnkit/core';
import { checkGradients } from './check_gradients.js';

/** Clipped gradients and the global norm they had before clipping. */
export interface ClippedGradients {
  readonly grads: Record<string, tf.Tensor>;
  /** sqrt(sum of squares of every gradient), before clipping. */
  readonly norm: tf.Scalar;
}

/**
 * Scales every gradient by `maxNorm / (norm + 1e-6)` when that is below 1, where `norm` is the L2
 * norm of all gradients together: PyTorch's `clip_grad_norm_` (the 1e-6 included). Returns new
 * tensors; the caller disposes them and the inputs.
 *
 * @example
 * const { grads: clipped, norm } = clipByGlobalNorm(grads, 5);
 */
export function clipByGlobalNorm(grads: Readonly<Record<string, tf.Tensor>>, maxNorm: number): ClippedGradients {
  const fn = 'clipByGlobalNorm';
  checkGradients(fn, grads);
  checkNumber(fn, 'maxNorm', maxNorm === Infinity ? Number.MAX_VALUE : maxNorm, 0, Number.MAX_VALUE);
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const squares = names.map((k) => tf.sum(tf.square(grads[k] as tf.Tensor)));
    const norm = (squares.length === 0 ? tf.scalar(0) : tf.sqrt(tf.addN(squares))) as tf.Scalar;
    const scale = tf.minimum(tf.div(maxNorm === Infinity ? Number.MAX_VALUE : maxNorm, tf.add(norm, 1e-6)), 1);
    const clipped: Record<string, tf.Tensor> = {};
    for (const k of names) clipped[k] = tf.mul(grads[k] as tf.Tensor, scale);
    return { grads: clipped, norm };
  });
}

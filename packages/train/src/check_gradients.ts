// Validates a record of named gradient tensors.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';

/** Throws unless `grads` is an object of live float32 tensors. */
export function checkGradients(fn: string, grads: unknown): Readonly<Record<string, tf.Tensor>> {
  if (typeof grads !== 'object' || grads === null || Array.isArray(grads)) {
    throw new InputError(fn, 'grads', `grads must be an object of named tensors, got ${describeValue(grads)}`);
  }
  for (const [name, g] of Object.entries(grads)) {
    if (!(g instanceof tf.Tensor) || g.isDisposed || g.dtype !== 'float32') {
      throw new InputError(fn, `grads.${name}`, `grads.${name} must be a live float32 tensor, got ${describeValue(g)}`);
    }
  }
  return grads as Record<string, tf.Tensor>;
}

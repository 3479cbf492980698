// Gradient clipping by value, as PyTorch's clip_grad_value_ does it.
import * as tf from '@tensorflow/tfjs-core';
import { checkNumber } from '@rnnkit/core';
import { checkGradients } from './check_gradients.js';

/**
 * Clamps every gradient element to `[-clipValue, clipValue]`. Returns new tensors; the caller
 * disposes them and the inputs.
 */
export function clipByValue(grads: Readonly<Record<string, tf.Tensor>>, clipValue: number): Record<string, tf.Tensor> {
  const fn = 'clipByValue';
  checkGradients(fn, grads);
  checkNumber(fn, 'clipValue', clipValue, 0, Number.MAX_VALUE);
  const out: Record<string, tf.Tensor> = {};
  for (const [k, g] of Object.entries(grads)) out[k] = tf.clipByValue(g, -clipValue, clipValue);
  return out;
}

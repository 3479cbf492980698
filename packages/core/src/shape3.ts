// The shape of a tensor known to be 3-D, as a typed triple, so callers need no casts or `?? 0`.
import * as tf from '@tensorflow/tfjs-core';
import { describeValue } from './describe_value.js';
import { InputError } from './input_error.js';

/** `t.shape` as `[d0, d1, d2]`; throws an {@link InputError} unless `t` is 3-D. */
export function shape3(t: tf.Tensor): [number, number, number] {
  if (!(t instanceof tf.Tensor)) throw new InputError('shape3', 't', `t must be a 3-D tensor, got ${describeValue(t)}`);
  const [a, b, c] = t.shape;
  if (t.rank !== 3 || a === undefined || b === undefined || c === undefined) {
    throw new InputError('shape3', 't', `t must be 3-D, got shape [${t.shape.join(', ')}]`);
  }
  return [a, b, c];
}

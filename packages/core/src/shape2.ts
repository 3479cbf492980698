// The shape of a tensor known to be 2-D, as a typed pair, so callers need no casts or `?? 0`.
import * as tf from '@tensorflow/tfjs-core';
import { describeValue } from './describe_value.js';
import { InputError } from './input_error.js';

/** `t.shape` as `[rows, columns]`; throws an {@link InputError} unless `t` is 2-D. */
export function shape2(t: tf.Tensor): [number, number] {
  if (!(t instanceof tf.Tensor)) throw new InputError('shape2', 't', `t must be a 2-D tensor, got ${describeValue(t)}`);
  const [a, b] = t.shape;
  if (t.rank !== 2 || a === undefined || b === undefined) {
    throw new InputError('shape2', 't', `t must be 2-D, got shape [${t.shape.join(', ')}]`);
  }
  return [a, b];
}

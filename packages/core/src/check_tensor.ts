// Validates a tensor argument at a public boundary.
import * as tf from '@tensorflow/tfjs-core';
import { describeValue } from './describe_value.js';
import { InputError } from './input_error.js';

/** What `checkTensor` requires of a tensor: rank, shape, dtype. */
export interface TensorExpectation {
  /** Required rank. */
  rank?: number;
  /** Required shape; `null` entries accept any size. Implies the rank. */
  shape?: ReadonlyArray<number | null>;
  /** Names of the axes, for the message, e.g. `(T, N, F)`. */
  axes?: string;
  /** Required dtype. @default 'float32' */
  dtype?: tf.DataType;
}

/**
 * Throws an {@link InputError} unless `value` is a tensor with the expected rank, shape and dtype.
 * Returns it typed as a tensor.
 */
export function checkTensor(
  fn: string,
  argument: string,
  value: unknown,
  expected: TensorExpectation = {},
): tf.Tensor {
  const { shape, axes, dtype = 'float32' } = expected;
  const rank = shape?.length ?? expected.rank;
  const axesText = axes === undefined ? '' : ` ${axes}`;
  if (!(value instanceof tf.Tensor)) {
    throw new InputError(fn, argument, `${argument} must be a tensor, got ${describeValue(value)}`);
  }
  if (value.isDisposed) {
    throw new InputError(fn, argument, `${argument} was already disposed`);
  }
  if (rank !== undefined && value.rank !== rank) {
    throw new InputError(
      fn,
      argument,
      `${argument} must be ${rank}-D${axesText}, got shape [${value.shape.join(', ')}]`,
    );
  }
  if (shape !== undefined) {
    const matches = shape.every((size, i) => size === null || value.shape[i] === size);
    if (!matches) {
      const wanted = shape.map((s) => (s === null ? '*' : String(s))).join(', ');
      throw new InputError(
        fn,
        argument,
        `${argument} must have shape [${wanted}]${axesText}, got shape [${value.shape.join(', ')}]`,
      );
    }
  }
  if (value.dtype !== dtype) {
    throw new InputError(fn, argument, `${argument} must have dtype ${dtype}, got ${value.dtype}`);
  }
  return value;
}

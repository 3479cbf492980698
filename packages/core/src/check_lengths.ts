// Validates per-sample sequence lengths.
import * as tf from '@tensorflow/tfjs-core';
import { describeValue } from './describe_value.js';
import { InputError } from './input_error.js';

/** Lengths as a user may give them. */
export type LengthsInput = readonly number[] | Int32Array | tf.Tensor1D;

/** How a lengths argument is named and its upper bound explained in error messages. */
export interface CheckLengthsNaming {
  /** @default 'lengths' */
  argument?: string;
  /** Why the bound is what it is. @default 'the sequence has T=maxLength steps' */
  bound?: string;
}

/**
 * Returns `lengths` as plain integers after checking there is one per sample and each lies in
 * [0, maxLength]. A tensor must be int32 and is read synchronously.
 */
export function checkLengths(
  fn: string,
  lengths: unknown,
  batch: number,
  maxLength: number,
  naming: CheckLengthsNaming = {},
): Int32Array {
  const { argument = 'lengths', bound = `the sequence has T=${maxLength} steps` } = naming;
  let values: ArrayLike<number>;
  if (lengths instanceof tf.Tensor) {
    if (lengths.isDisposed) throw new InputError(fn, argument, `${argument} was already disposed`);
    if (lengths.rank !== 1 || lengths.dtype !== 'int32') {
      throw new InputError(fn, argument, `${argument} must be a 1-D int32 tensor (N), got ${describeValue(lengths)}`);
    }
    values = lengths.dataSync();
  } else if (Array.isArray(lengths) || lengths instanceof Int32Array) {
    values = lengths as ArrayLike<number>;
  } else {
    throw new InputError(fn, argument, `${argument} must be an array or int32 tensor of N=${batch} integers, got ${describeValue(lengths)}`);
  }
  if (values.length !== batch) {
    throw new InputError(fn, argument, `${argument} must hold one length per sample (N=${batch}), got ${values.length}`);
  }
  const out = new Int32Array(batch);
  for (let n = 0; n < batch; n++) {
    const len = values[n];
    if (typeof len !== 'number' || !Number.isInteger(len) || len < 0 || len > maxLength) {
      throw new InputError(fn, argument, `${argument}[${n}] must be an integer in [0, ${maxLength}] (${bound}), got ${describeValue(len)}`);
    }
    out[n] = len;
  }
  return out;
}

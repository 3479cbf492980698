// Reads per-sample lengths given as an array or an int32 tensor, naming the argument in errors.
import * as tf from '@tensorflow/tfjs-core';
import type { LengthsInput } from '@rnnkit/core';
import { InputError, describeValue } from '@rnnkit/core';

/**
 * Returns `value` as N integers after checking each lies in [0, max]; `maxText` says where the
 * bound comes from (`T=8`).
 */
export function readLengths(fn: string, argument: string, value: LengthsInput | undefined, batch: number, max: number, maxText: string): Int32Array {
  let values: ArrayLike<unknown>;
  if (value instanceof tf.Tensor) {
    if (value.rank !== 1 || value.dtype !== 'int32') {
      throw new InputError(fn, argument, `${argument} must be a 1-D int32 tensor (N), got ${describeValue(value)}`);
    }
    values = value.dataSync();
  } else if (Array.isArray(value) || value instanceof Int32Array) {
    values = value as ArrayLike<unknown>;
  } else {
    throw new InputError(fn, argument, `${argument} must be an array or 1-D int32 tensor of N=${batch} integers, got ${describeValue(value)}`);
  }
  if (values.length !== batch) {
    throw new InputError(fn, argument, `${argument} must hold one length per sample (N=${batch}), got ${values.length}`);
  }
  const out = new Int32Array(batch);
  for (let n = 0; n < batch; n++) {
    const len = values[n];
    if (typeof len !== 'number' || !Number.isInteger(len) || len < 0 || len > max) {
      throw new InputError(fn, argument, `${argument}[${n}] must be an integer in [0, ${max}] (${maxText}), got ${describeValue(len)}`);
    }
    out[n] = len;
  }
  return out;
}

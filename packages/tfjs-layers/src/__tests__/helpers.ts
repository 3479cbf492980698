// Test helpers: backends with the project's kernels, and comparisons that name what differs.
import * as tf from '@tensorflow/tfjs';
import '@rnnkit/backend-cpu-wasm';
import { expect } from '@jest/globals';
import { compareValues } from '@rnnkit/testing';
import type { Tolerance } from '@rnnkit/testing';

/** The backends every suite here runs on. */
export const BACKENDS = ['cpu', 'wasm'] as const;

/** Checks shape, then every value, against a reference within a tolerance. */
export function expectClose(actual: tf.Tensor | readonly number[], expected: tf.Tensor | readonly number[], tolerance: Tolerance, what = 'value'): void {
  if (actual instanceof tf.Tensor && expected instanceof tf.Tensor) {
    expect({ what, shape: actual.shape }).toEqual({ what, shape: expected.shape });
  }
  const a = actual instanceof tf.Tensor ? actual.dataSync() : Float32Array.from(actual);
  const b = expected instanceof tf.Tensor ? expected.dataSync() : Float32Array.from(expected);
  const c = compareValues(a, b, tolerance);
  if (c.worstRatio > 1) {
    throw new Error(`${what}: element ${c.worstIndex} is ${c.actual}, reference ${c.expected} (ratio ${c.worstRatio.toFixed(2)} to the tolerance)`);
  }
}

/** A tensor filled with `value`, for the golden values tf.layers' tests give per element. */
export function filled(shape: number[], value: number): tf.Tensor {
  return tf.fill(shape, value);
}

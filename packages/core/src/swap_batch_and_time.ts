// Moves between batch-first (N, T, F) and time-major (T, N, F) layouts.
import * as tf from '@tensorflow/tfjs-core';

/** Swaps the first two axes of a 3-D tensor when `batchFirst`; returns `x` itself otherwise. */
export function swapBatchAndTime(x: tf.Tensor3D, batchFirst: boolean): tf.Tensor3D {
  return batchFirst ? tf.transpose(x, [1, 0, 2]) : x;
}

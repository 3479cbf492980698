// Moves between batch-first (N, T, F) and time-major (T, N, F) layouts.
import * as tf from '@tensorflow/tfjs-core';
import { checkBoolean } from './check_option.js';
import { checkTensor } from './check_tensor.js';

/** Swaps the first two axes of a 3-D tensor when `batchFirst`; returns `x` itself otherwise. */
export function swapBatchAndTime(x: tf.Tensor3D, batchFirst: boolean): tf.Tensor3D {
  const fn = 'swapBatchAndTime';
  checkTensor(fn, 'x', x, { rank: 3, axes: '(T, N, F) or (N, T, F)', dtype: x instanceof tf.Tensor && x.dtype === 'int32' ? 'int32' : 'float32' });
  return checkBoolean(fn, 'batchFirst', batchFirst) ? tf.transpose(x, [1, 0, 2]) : x;
}

// Turns fixture tensors into TensorFlow.js tensors.
import * as tf from '@tensorflow/tfjs-core';
import type { FixtureTensor } from './fixture.js';

/** float64 references become float32 tensors; int32 stays int32. */
export function fixtureToTensor(t: FixtureTensor): tf.Tensor {
  return t.dtype === 'int32'
    ? tf.tensor(Int32Array.from(t.data), t.shape, 'int32')
    : tf.tensor(Float32Array.from(t.data), t.shape, 'float32');
}

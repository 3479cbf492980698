// Turns per-sample lengths into the time-major mask the sequence operations use.
import * as tf from '@tensorflow/tfjs-core';

/**
 * A (T, N, 1) float32 mask: 1 where `t < lengths[n]`, else 0. Without lengths every step is valid.
 */
export function sequenceMask(steps: number, batch: number, lengths?: Int32Array): tf.Tensor3D {
  const values = new Float32Array(steps * batch);
  for (let t = 0; t < steps; t++) {
    for (let n = 0; n < batch; n++) {
      values[t * batch + n] = lengths === undefined || t < (lengths[n] ?? 0) ? 1 : 0;
    }
  }
  return tf.tensor3d(values, [steps, batch, 1], 'float32');
}

// Turns per-sample lengths into the time-major mask the sequence operations use.
import * as tf from '@tensorflow/tfjs-core';
import { checkInteger } from './check_option.js';
import { describeValue } from './describe_value.js';
import { InputError } from './input_error.js';

/**
 * A (T, N, 1) float32 mask: 1 where `t < lengths[n]`, else 0. Without lengths every step is valid.
 * Each length must lie in [0, steps]: a longer one would claim steps the mask does not have.
 */
export function sequenceMask(steps: number, batch: number, lengths?: Int32Array): tf.Tensor3D {
  const fn = 'sequenceMask';
  checkInteger(fn, 'steps', steps, 0, 2 ** 31 - 1);
  checkInteger(fn, 'batch', batch, 0, 2 ** 31 - 1);
  if (steps * batch > 2 ** 31 - 1) throw new InputError(fn, 'steps', `steps * batch must be at most ${2 ** 31 - 1}, got ${steps} * ${batch}`);
  if (lengths !== undefined) {
    if (!(lengths instanceof Int32Array) || lengths.length !== batch) {
      throw new InputError(fn, 'lengths', `lengths must be an Int32Array of batch=${batch} lengths, got ${describeValue(lengths)}${lengths instanceof Int32Array ? ` of length ${lengths.length}` : ''}`);
    }
    lengths.forEach((len, n) => {
      if (len < 0 || len > steps) throw new InputError(fn, 'lengths', `lengths[${n}] must be in [0, ${steps}] (steps=${steps}), got ${len}`);
    });
  }
  const values = new Float32Array(steps * batch);
  for (let t = 0; t < steps; t++) {
    for (let n = 0; n < batch; n++) {
      values[t * batch + n] = lengths === undefined || t < (lengths[n] ?? 0) ? 1 : 0;
    }
  }
  return tf.tensor3d(values, [steps, batch, 1], 'float32');
}

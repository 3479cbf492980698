// Reads decoder input (per-frame log-probabilities) into plain time-major numbers, checked.
import * as tf from '@tensorflow/tfjs-core';
import type { LengthsInput } from '@rnnkit/core';
import { InputError, checkBoolean, checkInteger, checkLengths, checkTensor } from '@rnnkit/core';

/** Frames of a batch, time-major: the log-probability of class c at step t of sample n is `data[(t * batch + n) * classes + c]`. */
export interface Frames {
  readonly data: Float32Array;
  readonly steps: number;
  readonly batch: number;
  readonly classes: number;
  readonly lengths: Int32Array;
  readonly blank: number;
}

/** What every decoder accepts besides the log-probabilities. */
export interface FrameOptions {
  blank?: number;
  inputLengths?: LengthsInput;
  batchFirst?: boolean;
}

/** Checks `logProbs` and the shared options; reads the values synchronously. */
export function readFrames(fn: string, logProbs: tf.Tensor3D, options: FrameOptions): Frames {
  const batchFirst = checkBoolean(fn, 'batchFirst', options.batchFirst ?? false);
  const axes = batchFirst ? '(N, T, C)' : '(T, N, C)';
  const x = checkTensor(fn, 'logProbs', logProbs, { rank: 3, axes }) as tf.Tensor3D;
  const [d0, d1, classes] = x.shape;
  const [steps, batch] = batchFirst ? [d1, d0] : [d0, d1];
  if (classes < 1) throw new InputError(fn, 'logProbs', `logProbs must have at least one class ${axes}, got shape [${x.shape.join(', ')}]`);
  const blank = checkInteger(fn, 'blank', options.blank ?? 0, 0, classes - 1);
  const lengths = options.inputLengths === undefined
    ? new Int32Array(batch).fill(steps)
    : checkLengths(fn, options.inputLengths, batch, steps, { argument: 'inputLengths', bound: `T=${steps}` });
  const data = tf.tidy(() => (batchFirst ? tf.transpose(x, [1, 0, 2]) : x).dataSync() as Float32Array);
  const index = data.findIndex((v) => Number.isNaN(v));
  if (index >= 0) {
    const t = Math.floor(index / (batch * classes));
    const n = Math.floor(index / classes) % batch;
    throw new InputError(fn, 'logProbs', `logProbs holds NaN at step ${t}, sample ${n}, class ${index % classes}: a frame without a maximum cannot be decoded`);
  }
  return { data: Float32Array.from(data), steps, batch, classes, lengths, blank };
}

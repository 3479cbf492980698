// Writes named tensors to a safetensors file on disk (Node), replacing it atomically.
import * as fs from 'node:fs';
import type * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import type { WriteSafetensorsOptions } from './write_safetensors.js';
import { writeSafetensors } from './write_safetensors.js';

/**
 * Writes `tensors` to `file` as `writeSafetensors` lays them out. The bytes go to a temporary
 * file first and are renamed over `file`, so an interrupted write never leaves half a checkpoint.
 */
export function writeSafetensorsFile(file: string, tensors: Readonly<Record<string, tf.Tensor>>, options: WriteSafetensorsOptions = {}): void {
  const fn = 'writeSafetensorsFile';
  if (typeof file !== 'string' || file === '') throw new InputError(fn, 'file', `file must be a path, got ${describeValue(file)}`);
  const bytes = writeSafetensors(tensors, options);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, file);
}

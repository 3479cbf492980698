// Writes named tensors to a safetensors file on disk (Node), replacing it atomically.
import type * as tf from '@tensorflow/tfjs-core';
import { atomicWrite } from './atomic_write.js';
import { checkWritablePath } from './check_writable_path.js';
import type { WriteSafetensorsOptions } from './write_safetensors.js';
import { writeSafetensors } from './write_safetensors.js';

/**
 * Writes `tensors` to `file` as `writeSafetensors` lays them out. The bytes go to a temporary
 * file first and are renamed over `file`, so an interrupted write never leaves half a checkpoint;
 * a missing directory or a directory path is a clear error and leaves no temporary file.
 */
export function writeSafetensorsFile(file: string, tensors: Readonly<Record<string, tf.Tensor>>, options: WriteSafetensorsOptions = {}): void {
  const fn = 'writeSafetensorsFile';
  checkWritablePath(fn, 'file', file);
  const bytes = writeSafetensors(tensors, options);
  atomicWrite(fn, 'file', file, bytes);
}

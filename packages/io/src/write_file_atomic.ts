// Writes any file atomically (Node), as the safetensors and checkpoint writers do.
import { InputError, describeValue } from '@rnnkit/core';
import { atomicWrite } from './atomic_write.js';

/**
 * Writes `data` (bytes or UTF-8 text) to `file` through a temporary file renamed over it, so an
 * interrupted write never leaves half a file. A missing directory or a directory path is a clear
 * error, and no temporary file is left behind on any failure. Node only.
 *
 * @example
 * writeFileAtomic('vocab.json', JSON.stringify(vocabulary));
 */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  const fn = 'writeFileAtomic';
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new InputError(fn, 'data', `data must be a Uint8Array or a string, got ${describeValue(data)}`);
  }
  atomicWrite(fn, 'file', file, data);
}

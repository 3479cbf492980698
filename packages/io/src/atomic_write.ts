// Writes a file through a temporary sibling and a rename, with clear errors and nothing left behind.
// The module object itself (not a namespace copy), so a test can make a write or rename fail.
import fs from 'node:fs';
import { InputError } from '@rnnkit/core';
import { checkWritablePath } from './check_writable_path.js';

/**
 * Writes `data` to `file` atomically: to a temporary file beside it, then renamed over it, so a
 * reader never sees half a file. On any failure the temporary file is removed and the error is
 * an `InputError` of `fn` naming the file.
 */
export function atomicWrite(fn: string, argument: string, file: unknown, data: Uint8Array | string): void {
  const target = checkWritablePath(fn, argument, file);
  const temporary = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, target);
  } catch (e) {
    fs.rmSync(temporary, { force: true });
    throw new InputError(fn, argument, `cannot write ${target}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// Writes a file through a temporary sibling and a rename, with clear errors and nothing left behind.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, describeValue } from '@rnnkit/core';

/** Throws unless `file` is a path whose directory exists and which is not itself a directory. */
export function checkWritablePath(fn: string, argument: string, file: unknown): string {
  if (typeof file !== 'string' || file === '') throw new InputError(fn, argument, `${argument} must be a file path, got ${describeValue(file)}`);
  const directory = path.dirname(path.resolve(file));
  let isDirectory: boolean;
  try {
    isDirectory = fs.statSync(directory).isDirectory();
  } catch {
    throw new InputError(fn, argument, `cannot write ${file}: the directory ${directory} does not exist`);
  }
  if (!isDirectory) throw new InputError(fn, argument, `cannot write ${file}: ${directory} is not a directory`);
  let target: fs.Stats | undefined;
  try {
    target = fs.statSync(file);
  } catch {
    target = undefined;
  }
  if (target?.isDirectory() === true) throw new InputError(fn, argument, `cannot write ${file}: it is a directory`);
  return file;
}

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

// Checks, before anything is written, that a file path can be written (Node).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, describeValue } from '@rnnkit/core';

/**
 * Throws an `InputError` of `fn` naming `argument` unless `file` is a path whose directory exists
 * and which is not itself a directory; returns it. Writers of several files check them all first,
 * so a bad path fails before any file changes. Node only.
 *
 * @example
 * for (const file of [`${base}.safetensors`, `${base}.json`]) checkWritablePath('save', 'path', file);
 */
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

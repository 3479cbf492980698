// Reads a safetensors file from disk (Node) into named tensors.
import * as fs from 'node:fs';
import { InputError, checkInteger, checkKnownOptions, describeValue } from '@rnnkit/core';
import { decodeSafetensors } from './decode_safetensors.js';
import { parseSafetensorsHeader } from './parse_header.js';
import type { SafetensorsContent } from './read_safetensors.js';
import type { ReadSafetensorsOptions } from './read_safetensors_header.js';

export interface ReadSafetensorsFileOptions extends ReadSafetensorsOptions {
  /** The largest file read, in bytes; a bigger one is refused before it is read. @default 2 ** 31 - 1 */
  maxFileBytes?: number;
}

/** Reads `file` whole after checking it is a regular file within `maxFileBytes`. */
function readFileBytes(fn: string, file: unknown, maxFileBytes: number): Uint8Array {
  if (typeof file !== 'string' || file === '') throw new InputError(fn, 'file', `file must be a path, got ${describeValue(file)}`);
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new InputError(fn, 'file', `${file} is not a regular file`);
    size = stat.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(fn, 'file', `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (size > maxFileBytes) throw new InputError(fn, 'file', `${file} is ${size} bytes, over the limit of ${maxFileBytes}`);
  return new Uint8Array(fs.readFileSync(file));
}

/**
 * Reads a safetensors file from a path, with every check of `readSafetensors`; errors name the
 * file. Node only (import from `@rnnkit/io/node`).
 *
 * @example
 * const { tensors } = readSafetensorsFile('model.safetensors');
 */
export function readSafetensorsFile(file: string, options: ReadSafetensorsFileOptions = {}): SafetensorsContent {
  const fn = 'readSafetensorsFile';
  checkKnownOptions(fn, 'options', options, ['maxHeaderBytes', 'maxEntries', 'maxFileBytes']);
  const { maxFileBytes = 2 ** 31 - 1, ...headerOptions } = options;
  const bytes = readFileBytes(fn, file, checkInteger(fn, 'maxFileBytes', maxFileBytes, 8));
  const header = parseSafetensorsHeader(fn, file, bytes, headerOptions);
  return decodeSafetensors(fn, file, bytes, header);
}

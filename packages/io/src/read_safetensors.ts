// Reads a whole safetensors file held in memory into named tfjs tensors.
import type * as tf from '@tensorflow/tfjs-core';
import { decodeSafetensors } from './decode_safetensors.js';
import { asBytes } from './internal.js';
import { parseSafetensorsHeader } from './parse_header.js';
import type { ReadSafetensorsOptions, SafetensorsHeader } from './read_safetensors_header.js';

/** The tensors of a safetensors file by name, its `__metadata__` and its header. */
export interface SafetensorsContent {
  /** Float dtypes become float32, integer dtypes int32, BOOL bool. The caller disposes them. */
  readonly tensors: Record<string, tf.Tensor>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly header: SafetensorsHeader;
}

/**
 * Reads a safetensors file from its bytes (in the browser, e.g. from `fetch(...).arrayBuffer()`).
 * The header is checked completely before any tensor is decoded: its length against the file
 * and a bound, its JSON, known dtypes, every byte range inside the data section, the ranges
 * tiling it without overlaps or holes, and each shape's size against its byte range. A value
 * that float32 / int32 cannot hold is an error. Every problem is an `InputError` naming it.
 *
 * Tensor names are kept exactly, `__proto__` included (as own keys, never as prototypes).
 *
 * @example
 * const { tensors, metadata } = readSafetensors(new Uint8Array(await response.arrayBuffer()));
 * model.loadStateDict(tensors);
 */
export function readSafetensors(bytes: Uint8Array | ArrayBuffer, options: ReadSafetensorsOptions = {}): SafetensorsContent {
  const fn = 'readSafetensors';
  const view = asBytes(fn, bytes);
  const header = parseSafetensorsHeader(fn, 'bytes', view, options);
  return decodeSafetensors(fn, 'bytes', view, header);
}

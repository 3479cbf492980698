// Reads a safetensors header (names, dtypes, shapes, metadata) without decoding any tensor.
import { asBytes } from './internal.js';
import { parseSafetensorsHeader } from './parse_header.js';
import type { SafetensorsDtype } from './safetensors_dtype.js';

export interface ReadSafetensorsOptions {
  /**
   * The largest header accepted, in bytes; safetensors' own reader uses the same bound. A header
   * length above it is refused before anything is decoded.
   * @default 100_000_000
   */
  maxHeaderBytes?: number;
  /**
   * The most tensors a header may list; the header is refused as soon as it lists more, before
   * it is parsed, which bounds the work a small file of many empty tensors can cause.
   * @default 50_000
   */
  maxEntries?: number;
}

/** One tensor as the header describes it. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** `[begin, end)` in bytes, relative to the start of the data section. */
  readonly dataOffsets: readonly [number, number];
}

/** A checked header: every entry's bytes lie inside the data section, tile it, and fit its shape. */
export interface SafetensorsHeader {
  /** In the order of the header. */
  readonly entries: readonly SafetensorsEntry[];
  /** The `__metadata__` strings (empty when absent). */
  readonly metadata: Readonly<Record<string, string>>;
  /** Byte offset of the data section in the file: 8 + the header length. */
  readonly dataStart: number;
  /** Bytes in the data section. */
  readonly dataLength: number;
}

/**
 * Reads and checks the header of a safetensors file held in memory: tensor names, dtypes, shapes
 * and byte ranges, and `__metadata__`. Nothing is decoded; use it to list a file's contents.
 *
 * @example
 * const { entries, metadata } = readSafetensorsHeader(bytes);
 * entries.map((e) => `${e.name} ${e.dtype} [${e.shape}]`);
 */
export function readSafetensorsHeader(bytes: Uint8Array | ArrayBuffer, options: ReadSafetensorsOptions = {}): SafetensorsHeader {
  const fn = 'readSafetensorsHeader';
  return parseSafetensorsHeader(fn, 'bytes', asBytes(fn, bytes), options);
}

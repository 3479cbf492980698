// Parses and checks a safetensors header completely before anything is allocated from it.
import { InputError, checkInteger, checkKnownOptions } from '@rnnkit/core';
import { defineEntry, describeJson, isPlainObject } from './internal.js';
import { scanHeaderKeys } from './scan_header_keys.js';
import type { ReadSafetensorsOptions, SafetensorsEntry, SafetensorsHeader } from './read_safetensors_header.js';
import type { SafetensorsDtype } from './safetensors_dtype.js';
import { SAFETENSORS_DTYPES } from './safetensors_dtype.js';

const ENTRY_FIELDS = ['dtype', 'shape', 'data_offsets'];
const DEFAULT_MAX_HEADER = 100_000_000;
const DEFAULT_MAX_ENTRIES = 50_000;
/** Above this a byte count is no longer exact in a double; no real tensor comes near it. */
const LARGEST_SIZE = 2 ** 52;

/** Parses the header of `bytes` (a whole safetensors file) with `what` naming the source in errors. */
export function parseSafetensorsHeader(
  fn: string,
  what: string,
  bytes: Uint8Array,
  options: ReadSafetensorsOptions = {},
): SafetensorsHeader {
  checkKnownOptions(fn, 'options', options, ['maxHeaderBytes', 'maxEntries']);
  const maxHeaderBytes = checkInteger(fn, 'maxHeaderBytes', options.maxHeaderBytes ?? DEFAULT_MAX_HEADER, 2);
  const maxEntries = checkInteger(fn, 'maxEntries', options.maxEntries ?? DEFAULT_MAX_ENTRIES, 0);
  const fail: (problem: string) => never = (problem) => {
    throw new InputError(fn, 'bytes', `${what} is not a valid safetensors file: ${problem}`);
  };
  if (bytes.length < 8) fail(`it is ${bytes.length} bytes long, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(maxHeaderBytes)) fail(`the header length ${declared} is over the limit of ${maxHeaderBytes} bytes`);
  const headerLength = Number(declared);
  if (headerLength > bytes.length - 8) {
    fail(`the header length ${headerLength} exceeds the ${bytes.length - 8} bytes after it (truncated file?)`);
  }
  if (headerLength < 2 || bytes[8] !== 0x7b) fail(`the header must be a JSON object starting with "{"`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    fail('the header is not valid UTF-8');
  }
  const scan = scanHeaderKeys(text, maxEntries);
  if (scan.kind === 'tooMany') fail(`the header lists more than ${maxEntries} tensors, the limit (maxEntries)`);
  if (scan.kind === 'duplicate') {
    fail(`the header repeats the key ${JSON.stringify(scan.key)}${scan.path === '' ? '' : ` in ${scan.path.slice(1)}`}; readers disagree on which one counts`);
  }
  let parsed: unknown;
  try {
    // JSON.parse makes "__proto__" an ordinary own key; it is only dangerous when copied by
    // assignment, which nothing below does.
    parsed = JSON.parse(text);
  } catch (e) {
    fail(`the header is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isPlainObject(parsed)) return fail(`the header must be a JSON object, got ${describeJson(parsed)}`);
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const name of Object.keys(parsed)) {
    const raw = parsed[name];
    if (name === '__metadata__') {
      if (!isPlainObject(raw)) fail(`__metadata__ must be an object of strings, got ${describeJson(raw)}`);
      for (const key of Object.keys(raw as Record<string, unknown>)) {
        const value = (raw as Record<string, unknown>)[key];
        if (typeof value !== 'string') fail(`__metadata__.${key} must be a string, got ${describeJson(value)}`);
        defineEntry(metadata, key, value as string);
      }
      continue;
    }
    entries.push(parseEntry(name, raw, dataLength, fail));
  }
  if (entries.length > maxEntries) fail(`the header lists more than ${maxEntries} tensors, the limit (maxEntries)`);
  checkTiling(entries, dataLength, fail);
  return { entries, metadata, dataStart, dataLength };
}

function parseEntry(name: string, raw: unknown, dataLength: number, fail: (problem: string) => never): SafetensorsEntry {
  const label = `tensor ${JSON.stringify(name)}`;
  if (!isPlainObject(raw)) return fail(`${label} must be an object with dtype, shape and data_offsets, got ${describeJson(raw)}`);
  for (const key of Object.keys(raw)) {
    if (!ENTRY_FIELDS.includes(key)) fail(`${label} has an unknown field ${JSON.stringify(key)}`);
  }
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== 'string' || !Object.hasOwn(SAFETENSORS_DTYPES, dtype)) {
    fail(`${label} has dtype ${describeJson(dtype)}; supported dtypes are ${Object.keys(SAFETENSORS_DTYPES).join(', ')}`);
  }
  const size = SAFETENSORS_DTYPES[dtype as SafetensorsDtype].bytes;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    fail(`${label} must have a shape of non-negative integers, got ${describeJson(shape)}`);
  }
  const dims = shape as number[];
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
    fail(`${label} must have data_offsets [begin, end] of non-negative integers, got ${describeJson(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    fail(`${label} has data_offsets [${begin}, ${end}] outside the ${dataLength}-byte data section`);
  }
  // Multiply with an early exit, so a hostile shape cannot overflow into a plausible size.
  let count = dims.includes(0) ? 0 : 1;
  for (const d of dims) {
    if (count === 0) break;
    count *= d;
    if (count * size > LARGEST_SIZE) break;
  }
  const needed = count * size;
  if (needed !== end - begin) {
    const neededText = needed > LARGEST_SIZE ? `more than ${LARGEST_SIZE} bytes` : `${needed} bytes`;
    fail(`${label} of shape [${dims.join(', ')}] and dtype ${String(dtype)} needs ${neededText}, but data_offsets [${begin}, ${end}] hold ${end - begin}`);
  }
  return { name, dtype: dtype as SafetensorsDtype, shape: dims, dataOffsets: [begin, end] };
}

/**
 * The format requires the tensors to cover the data section exactly, without overlaps or holes
 * (so a file cannot hide a second payload, and no two tensors share bytes).
 */
function checkTiling(entries: readonly SafetensorsEntry[], dataLength: number, fail: (problem: string) => never): void {
  const sorted = [...entries].sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let expected = 0;
  let previous = '';
  for (const entry of sorted) {
    const [begin, end] = entry.dataOffsets;
    if (begin < expected) {
      fail(`tensor ${JSON.stringify(entry.name)} (bytes ${begin}..${end}) overlaps tensor ${JSON.stringify(previous)} (ending at ${expected})`);
    }
    if (begin > expected) fail(`the data section has unused bytes ${expected}..${begin} before tensor ${JSON.stringify(entry.name)}`);
    if (end > begin || previous === '') previous = entry.name;
    expected = end;
  }
  if (expected !== dataLength) fail(`the data section has ${dataLength - expected} bytes after the last tensor`);
}


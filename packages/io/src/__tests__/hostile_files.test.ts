// A corpus of hostile, malformed and truncated files: each is refused with a clear InputError,
// quickly, without leaking tensors or touching prototypes.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { InputError, seededRandom } from '@rnnkit/core';
import { referenceFixturesDir, useBackend } from '@rnnkit/testing';
import { readSafetensors, readSafetensorsHeader } from '../index.js';
import { readSafetensorsFile } from '../node.js';
import { buildFile, bytesOf, f32 } from './build_file.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const entry = (dtype: string, shape: unknown, offsets: unknown): object => ({ dtype, shape, data_offsets: offsets });
const u16 = (values: number[]): Uint8Array => bytesOf(values, 2, (d, at, v) => d.setUint16(at, Number(v), true));

/** [case, file, a fragment the message must contain]. */
const CORPUS: Array<[string, Uint8Array, string]> = [
  ['empty file', new Uint8Array(0), 'it is 0 bytes long, shorter than the 8-byte header length'],
  ['seven bytes', new Uint8Array(7), 'it is 7 bytes long'],
  ['header length 2^64 - 1', buildFile({}, undefined, 2n ** 64n - 1n), 'the header length 18446744073709551615 is over the limit of 100000000 bytes'],
  ['header length past the end', buildFile({}, undefined, 1000n), 'the header length 1000 exceeds the 2 bytes after it (truncated file?)'],
  ['header length 0', buildFile('', undefined, 0n), 'the header must be a JSON object starting with "{"'],
  ['not JSON', buildFile('{"a": '), 'the header is not valid JSON'],
  ['stray characters in the object', buildFile('{\u00ff\u00fe}'), 'the header is not valid JSON'],
  ['raw invalid UTF-8 bytes', (() => { const f = buildFile('{"\u00e9":1}'); f[10] = 0xff; return f; })(), 'the header is not valid UTF-8'],
  ['a JSON array', buildFile('[1, 2]'), 'the header must be a JSON object starting with "{"'],
  ['an object then junk', buildFile('{} x'), 'the header is not valid JSON'],
  ['unknown dtype', buildFile({ a: entry('F8_E4M3', [1], [0, 1]) }, new Uint8Array(1)), 'tensor "a" has dtype "F8_E4M3"; supported dtypes are F64, F32, F16, BF16, I64, I32'],
  ['dtype not a string', buildFile({ a: entry(4 as unknown as string, [1], [0, 4]) }, f32([1])), 'tensor "a" has dtype 4'],
  ['entry not an object', buildFile({ a: [1, 2] }), 'tensor "a" must be an object with dtype, shape and data_offsets, got [1,2]'],
  ['entry with an unknown field', buildFile({ a: { ...entry('F32', [1], [0, 4]), offset: 3 } }, f32([1])), 'tensor "a" has an unknown field "offset"'],
  ['negative dimension', buildFile({ a: entry('F32', [-1], [0, 4]) }, f32([1])), 'tensor "a" must have a shape of non-negative integers, got [-1]'],
  ['fractional dimension', buildFile({ a: entry('F32', [0.5], [0, 4]) }, f32([1])), 'shape of non-negative integers, got [0.5]'],
  ['shape not an array', buildFile({ a: entry('F32', '4', [0, 4]) }, f32([1])), 'got "4"'],
  ['dimension beyond 2^53', buildFile('{"a":{"dtype":"F32","shape":[18446744073709551616],"data_offsets":[0,4]}}', f32([1])), 'shape of non-negative integers'],
  ['huge shape, small range', buildFile({ a: entry('F32', [1e9, 1e9, 1e9, 1e9], [0, 4]) }, f32([1])), 'needs more than 4503599627370496 bytes, but data_offsets [0, 4] hold 4'],
  ['shape x dtype size != range', buildFile({ a: entry('F32', [3], [0, 8]) }, f32([1, 2])), 'tensor "a" of shape [3] and dtype F32 needs 12 bytes, but data_offsets [0, 8] hold 8'],
  ['range past the data', buildFile({ a: entry('F32', [1], [4, 8]) }, f32([1])), 'tensor "a" has data_offsets [4, 8] outside the 4-byte data section'],
  ['range beyond 2^53', buildFile('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,36893488147419103232]}}', f32([1])), 'data_offsets [begin, end] of non-negative integers'],
  ['begin after end', buildFile({ a: entry('F32', [0], [4, 0]) }, f32([1])), 'has data_offsets [4, 0] outside'],
  ['three offsets', buildFile({ a: entry('F32', [1], [0, 4, 8]) }, f32([1])), 'data_offsets [begin, end]'],
  ['negative offset', buildFile({ a: entry('F32', [1], [-4, 0]) }, f32([1])), 'data_offsets [begin, end] of non-negative integers, got [-4,0]'],
  ['overlapping tensors', buildFile({ a: entry('F32', [2], [0, 8]), b: entry('F32', [2], [4, 12]) }, f32([1, 2, 3])), 'tensor "b" (bytes 4..12) overlaps tensor "a" (ending at 8)'],
  ['the same bytes twice', buildFile({ a: entry('F32', [1], [0, 4]), b: entry('F32', [1], [0, 4]) }, f32([1])), 'overlaps tensor'],
  ['a hole between tensors', buildFile({ a: entry('F32', [1], [0, 4]), b: entry('F32', [1], [8, 12]) }, f32([1, 2, 3])), 'the data section has unused bytes 4..8 before tensor "b"'],
  ['trailing bytes', buildFile({ a: entry('F32', [1], [0, 4]) }, f32([1, 2])), 'the data section has 4 bytes after the last tensor'],
  ['bytes but no tensors', buildFile({}, f32([1])), 'the data section has 4 bytes after the last tensor'],
  ['metadata not an object', buildFile({ __metadata__: 'pt' }), '__metadata__ must be an object of strings, got "pt"'],
  ['metadata value not a string', buildFile({ __metadata__: { step: 3 } }), '__metadata__.step must be a string, got 3'],
  ['I64 beyond int32', buildFile({ a: entry('I64', [2], [0, 16]) }, bytesOf([1n, 2n ** 40n], 8, (d, at, v) => d.setBigInt64(at, BigInt(v), true))), 'tensor "a" (I64) holds 1099511627776 at flat index 1, which int32 cannot represent'],
  ['U32 beyond int32', buildFile({ a: entry('U32', [1], [0, 4]) }, bytesOf([2 ** 32 - 1], 4, (d, at, v) => d.setUint32(at, Number(v), true))), 'holds 4294967295 at flat index 0, which int32 cannot represent'],
  ['F64 beyond float32', buildFile({ a: entry('F64', [2], [0, 16]) }, bytesOf([1, -1e300], 8, (d, at, v) => d.setFloat64(at, Number(v), true))), 'holds -1e+300 at flat index 1, which float32 cannot represent'],
  ['BOOL that is not 0 or 1', buildFile({ a: entry('BOOL', [2], [0, 2]) }, new Uint8Array([1, 7])), 'holds 7 at flat index 1, which a boolean (0 or 1) cannot represent'],
  ['deeply nested JSON', buildFile(`{"a":${'['.repeat(200000)}${']'.repeat(200000)}}`), 'tensor "a" must be an object with dtype, shape and data_offsets, got an array of 1 items'],
  ['F16 in a valid file after a bad one', buildFile({ a: entry('F16', [1], [0, 2]), b: entry('I64', [1], [2, 10]) }, new Uint8Array([...u16([0x3c00]), ...bytesOf([2n ** 50n], 8, (d, at, v) => d.setBigInt64(at, BigInt(v), true))])), 'tensor "b" (I64) holds'],
];

describe('hostile files', () => {
  it.each(CORPUS)('%s is refused with a clear error', (_case, file, fragment) => {
    const before = tf.memory().numTensors;
    const started = performance.now();
    let error: unknown;
    try {
      tf.dispose(Object.values(readSafetensors(file).tensors));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message.startsWith('readSafetensors: bytes is not a valid safetensors file: ') || message.startsWith('readSafetensors: bytes: tensor')).toBe(true);
    expect(message).toContain(fragment);
    expect(message).not.toContain('\n');
    expect(tf.memory().numTensors).toBe(before);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('keeps "__proto__" and "constructor" as data: tensor names and metadata keys, no pollution', () => {
    const header = '{"__metadata__":{"__proto__":"meta","polluted":"no"},"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"constructor":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    const { tensors, metadata } = readSafetensors(buildFile(header, f32([3, 4])));
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
    expect(Object.keys(tensors)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(tensors, '__proto__')?.value).toBeInstanceOf(tf.Tensor);
    expect(Array.from((Object.getOwnPropertyDescriptor(tensors, '__proto__')?.value as tf.Tensor).dataSync())).toEqual([3]);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(metadata, '__proto__')?.value).toBe('meta');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['dtype']).toBeUndefined();
    tf.dispose(Object.values(tensors));
  });

  it('refuses a header over a custom bound before reading it', () => {
    const file = buildFile({ a: entry('F32', [1], [0, 4]) }, f32([1]));
    expect(() => readSafetensorsHeader(file, { maxHeaderBytes: 16 })).toThrow('is over the limit of 16 bytes');
    expect(() => readSafetensors('not bytes' as unknown as Uint8Array)).toThrow('readSafetensors: bytes must be a Uint8Array or an ArrayBuffer, got "not bytes"');
    expect(() => readSafetensors(file, { maxHeaderBytes: 2, bogus: 1 } as object)).toThrow('unknown option "bogus"');
  });

  it('refuses every truncation of the interop fixture, and reads it whole', () => {
    const file = new Uint8Array(fs.readFileSync(path.join(referenceFixturesDir(), 'interop', 'text_classifier_lstm.safetensors')));
    const before = tf.memory().numTensors;
    for (let length = 0; length < file.length; length += length < 2000 ? 1 : 37) {
      expect(() => readSafetensorsHeader(file.subarray(0, length))).toThrow(InputError);
    }
    expect(readSafetensorsHeader(file).entries).toHaveLength(19);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('answers 3000 random corruptions of the fixture with a result or an InputError, nothing else', () => {
    const file = new Uint8Array(fs.readFileSync(path.join(referenceFixturesDir(), 'interop', 'text_classifier_lstm.safetensors')));
    const random = seededRandom(7);
    const headerEnd = 8 + Number(new DataView(file.buffer).getBigUint64(0, true));
    let refused = 0;
    for (let k = 0; k < 3000; k++) {
      const copy = file.slice();
      const flips = 1 + Math.floor(random() * 3);
      for (let f = 0; f < flips; f++) {
        // Mostly the header, where a corruption changes meaning rather than only values.
        const at = Math.floor(random() * (random() < 0.9 ? headerEnd : copy.length));
        copy[at] = Math.floor(random() * 256);
      }
      try {
        readSafetensorsHeader(copy);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it('names the file when reading from a path, and refuses missing files and folders', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnkit-io-'));
    const bad = path.join(dir, 'bad.safetensors');
    fs.writeFileSync(bad, buildFile({ a: entry('F32', [2], [0, 4]) }, f32([1])));
    expect(() => readSafetensorsFile(bad)).toThrow(`readSafetensorsFile: ${bad} is not a valid safetensors file: tensor "a" of shape [2]`);
    expect(() => readSafetensorsFile(path.join(dir, 'missing.safetensors'))).toThrow('readSafetensorsFile: cannot read');
    expect(() => readSafetensorsFile(dir)).toThrow(`readSafetensorsFile: ${dir} is not a regular file`);
    expect(() => readSafetensorsFile(bad, { maxFileBytes: 10 })).toThrow('bytes, over the limit of 10');
    fs.rmSync(dir, { recursive: true });
  });
});

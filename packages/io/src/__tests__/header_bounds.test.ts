// Headers that readers disagree on (repeated keys) and headers of too many tensors are refused.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rnnkit/testing';
import { readSafetensors, readSafetensorsHeader } from '../index.js';
import { buildFile, f32 } from './build_file.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const emptyEntries = (n: number): string => `{${Array.from({ length: n }, (_, i) => `"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`).join(',')}}`;

describe('safetensors headers', () => {
  it('refuse a repeated tensor name, where JSON.parse would silently keep the last entry', () => {
    const file = buildFile('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}', f32([1]));
    expect(() => readSafetensors(file)).toThrow('readSafetensors: bytes is not a valid safetensors file: the header repeats the key "a"; readers disagree on which one counts');
    // Escapes spell the same key.
    const escaped = buildFile('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"\\u0061":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32([1]));
    expect(() => readSafetensorsHeader(escaped)).toThrow('the header repeats the key "a"');
    const nested = buildFile('{"a":{"dtype":"F32","shape":[1],"dtype":"I32","data_offsets":[0,4]}}', f32([1]));
    expect(() => readSafetensorsHeader(nested)).toThrow('the header repeats the key "dtype" in a');
    const metadata = buildFile('{"__metadata__":{"k":"1","k":"2"}}');
    expect(() => readSafetensorsHeader(metadata)).toThrow('the header repeats the key "k" in __metadata__');
    // The same name in two different objects is no repetition.
    const fine = buildFile('{"__metadata__":{"a":"x"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32([7]));
    const { tensors } = readSafetensors(fine);
    expect(Array.from(tensors['a']?.dataSync() ?? [])).toEqual([7]);
    tf.dispose(Object.values(tensors));
  });

  it('bound the number of tensors, by default and as asked, and say the bound', () => {
    expect(() => readSafetensorsHeader(buildFile(emptyEntries(50_001)))).toThrow('the header lists more than 50000 tensors, the limit (maxEntries)');
    expect(() => readSafetensorsHeader(buildFile(emptyEntries(11)), { maxEntries: 10 })).toThrow('more than 10 tensors, the limit (maxEntries)');
    // __metadata__ is not a tensor.
    const withMetadata = `{"__metadata__":{"format":"pt"},${emptyEntries(10).slice(1)}`;
    expect(readSafetensorsHeader(buildFile(withMetadata), { maxEntries: 10 }).entries).toHaveLength(10);
    expect(() => readSafetensorsHeader(buildFile('{}'), { maxEntries: -1 })).toThrow('readSafetensorsHeader: maxEntries must be an integer >= 0, got -1');
  });
});

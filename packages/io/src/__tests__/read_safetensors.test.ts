// Reading: the interop fixture's file against its raw bytes, every dtype's conversion, metadata.
import { expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { referenceFixturesDir } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { readSafetensors, readSafetensorsHeader } from '../index.js';
import { readSafetensorsFile } from '../node.js';
import { buildFile, bytesOf, f32 } from './build_file.js';

const fixtureFile = path.join(referenceFixturesDir(), 'interop', 'text_classifier_lstm.safetensors');

describeWithBackends(['cpu', 'wasm'], 'readSafetensors', () => {
  it('reads the interop fixture: names, shapes, metadata and every value as the raw bytes hold it', () => {
    const raw = fs.readFileSync(fixtureFile);
    const headerLength = Number(raw.readBigUInt64LE(0));
    const header = JSON.parse(raw.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { shape: number[]; data_offsets: [number, number] }>;
    const { tensors, metadata } = readSafetensorsFile(fixtureFile);
    expect(metadata).toEqual({ format: 'pt' });
    const names = Object.keys(header).filter((k) => k !== '__metadata__');
    expect(Object.keys(tensors)).toEqual(names);
    expect(names).toHaveLength(19);
    for (const name of names) {
      const entry = header[name] as { shape: number[]; data_offsets: [number, number] };
      const tensor = tensors[name] as tf.Tensor;
      expect(tensor.shape).toEqual(entry.shape);
      expect(tensor.dtype).toBe('float32');
      const expected = Array.from({ length: tensor.size }, (_, i) => raw.readFloatLE(8 + headerLength + entry.data_offsets[0] + 4 * i));
      expect(Array.from(tensor.dataSync())).toEqual(expected);
    }
    tf.dispose(Object.values(tensors));
  });

  it('reads from an ArrayBuffer and from a Uint8Array that is a view into a larger buffer', () => {
    const file = buildFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, f32([1.5, -2]));
    const padded = new Uint8Array(file.length + 5);
    padded.set(file, 3);
    for (const bytes of [file.slice().buffer, padded.subarray(3, 3 + file.length)]) {
      const { tensors } = readSafetensors(bytes);
      expect(Array.from((tensors['a'] as tf.Tensor).dataSync())).toEqual([1.5, -2]);
      tf.dispose(Object.values(tensors));
    }
  });

  it('converts F16, BF16 and F64 to float32 and the integer dtypes to int32 exactly', () => {
    const half = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0xfc00, 0x3555, 0x0000, 0x8000];
    const halfValues = [1, -2, 65504, 2 ** -24, Infinity, -Infinity, 0.333251953125, 0, -0];
    const brain = [0x3f80, 0x4049, 0xc2f7, 0x7f80];
    const brainValues = [1, 3.140625, -123.5, Infinity];
    const doubles = [0.1, -1e-30, 3e38, 1e-50];
    const parts: Array<[string, string, number[], Uint8Array]> = [
      ['h', 'F16', [3, 3], bytesOf(half, 2, (d, at, v) => d.setUint16(at, Number(v), true))],
      ['b', 'BF16', [4], bytesOf(brain, 2, (d, at, v) => d.setUint16(at, Number(v), true))],
      ['d', 'F64', [2, 2], bytesOf(doubles, 8, (d, at, v) => d.setFloat64(at, Number(v), true))],
      ['l', 'I64', [3], bytesOf([-5n, 2147483647n, -2147483648n], 8, (d, at, v) => d.setBigInt64(at, BigInt(v), true))],
      ['ul', 'U64', [1], bytesOf([7n], 8, (d, at, v) => d.setBigUint64(at, BigInt(v), true))],
      ['i', 'I32', [2], bytesOf([-7, 9], 4, (d, at, v) => d.setInt32(at, Number(v), true))],
      ['s', 'I16', [2], bytesOf([-300, 300], 2, (d, at, v) => d.setInt16(at, Number(v), true))],
      ['us', 'U16', [1], bytesOf([65535], 2, (d, at, v) => d.setUint16(at, Number(v), true))],
      ['c', 'I8', [2], bytesOf([-128, 127], 1, (d, at, v) => d.setInt8(at, Number(v)))],
      ['u', 'U8', [2], bytesOf([0, 255], 1, (d, at, v) => d.setUint8(at, Number(v)))],
      ['q', 'BOOL', [3], new Uint8Array([1, 0, 1])],
      ['e', 'F32', [0, 4], new Uint8Array(0)],
    ];
    let offset = 0;
    const header: Record<string, unknown> = {};
    for (const [name, dtype, shape, bytes] of parts) {
      header[name] = { dtype, shape, data_offsets: [offset, offset + bytes.length] };
      offset += bytes.length;
    }
    const data = new Uint8Array(offset);
    let at = 0;
    for (const [, , , bytes] of parts) {
      data.set(bytes, at);
      at += bytes.length;
    }
    const { tensors } = readSafetensors(buildFile(header, data));
    const values = (name: string): number[] => Array.from((tensors[name] as tf.Tensor).dataSync());
    expect(values('h')).toEqual(halfValues);
    expect(Object.is(values('h')[8], -0)).toBe(true);
    expect(values('b')).toEqual(brainValues);
    expect(values('d')).toEqual(doubles.map(Math.fround));
    expect(values('l')).toEqual([-5, 2147483647, -2147483648]);
    expect(values('ul')).toEqual([7]);
    expect(values('i')).toEqual([-7, 9]);
    expect(values('s')).toEqual([-300, 300]);
    expect(values('us')).toEqual([65535]);
    expect(values('c')).toEqual([-128, 127]);
    expect(values('u')).toEqual([0, 255]);
    expect(values('q')).toEqual([1, 0, 1]);
    expect((tensors['q'] as tf.Tensor).dtype).toBe('bool');
    expect((tensors['e'] as tf.Tensor).shape).toEqual([0, 4]);
    expect((tensors['h'] as tf.Tensor).shape).toEqual([3, 3]);
    for (const name of ['l', 'i', 's', 'c', 'u']) expect((tensors[name] as tf.Tensor).dtype).toBe('int32');
    tf.dispose(Object.values(tensors));
  });

  it('reads the header alone: entries in header order, offsets, metadata, data start', () => {
    const file = buildFile(
      { __metadata__: { format: 'pt', note: 'x' }, w: { dtype: 'F32', shape: [1], data_offsets: [4, 8] }, v: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } },
      f32([1, 2]),
    );
    const header = readSafetensorsHeader(file);
    expect(header.entries.map((e) => [e.name, e.dtype, e.shape, e.dataOffsets])).toEqual([
      ['w', 'F32', [1], [4, 8]],
      ['v', 'F32', [1], [0, 4]],
    ]);
    expect(header.metadata).toEqual({ format: 'pt', note: 'x' });
    expect(header.dataStart).toBe(file.length - 8);
    expect(header.dataLength).toBe(8);
    const { tensors } = readSafetensors(file);
    expect(Array.from((tensors['w'] as tf.Tensor).dataSync())).toEqual([2]);
    expect(Array.from((tensors['v'] as tf.Tensor).dataSync())).toEqual([1]);
    tf.dispose(Object.values(tensors));
  });
});

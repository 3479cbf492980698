// Bad input for every export of @rnnkit/io and @rnnkit/io/node.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as io from '@rnnkit/io';
import * as ioNode from '@rnnkit/io/node';
import type { PackageTable } from '../row.js';
import { custom, disposed, integer, objectRows, optionRows, row, t } from '../rows.js';

const header = (text: string, data: Uint8Array = new Uint8Array(0)): Uint8Array => {
  const json = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
};
const valid = (): Uint8Array => io.writeSafetensors({ a: tf.zeros([2]) });
const duplicate = (): Uint8Array => header('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}', new Uint8Array(4));
const manyEmpty = (n: number): Uint8Array => header(`{${Array.from({ length: n }, (_, i) => `"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`).join(',')}}`);
const bound = (): io.TorchParameters => io.torchParameters('lstm', { weight: tf.variable(tf.zeros([2, 3])) });
const scratch = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'rnnkit-bad-input-'));

const readerRows = (read: (bytes: unknown, options?: unknown) => unknown): ReturnType<typeof row>[] => [
  ...objectRows('bytes', (v) => read(v), [undefined, null, 'abc', [1, 2], new Float32Array(4)]),
  row('bytes', 'a repeated key', () => read(duplicate())),
  row('bytes', 'a repeated key inside an entry', () => read(header('{"a":{"dtype":"F32","dtype":"I32","shape":[1],"data_offsets":[0,4]}}', new Uint8Array(4)))),
  row('bytes', 'more entries than maxEntries', () => read(manyEmpty(5), { maxEntries: 4 })),
  row('bytes', 'a truncated file', () => read(valid().subarray(0, 12))),
  row('bytes', 'a header length past the end', () => read(header('{}').fill(0xff, 0, 8))),
  ...optionRows((o) => read(valid(), o), {}, { maxHeaderBytes: integer(2), maxEntries: integer(0) }),
];

export const ioTable: PackageTable = {
  module: '@rnnkit/io',
  exports: io,
  noBadInput: { SAFETENSORS_DTYPES: 'a constant table of dtypes' },
  rows: () => ({
    readSafetensors: readerRows((b, o) => io.readSafetensors(b as Uint8Array, o as io.ReadSafetensorsOptions)),
    readSafetensorsHeader: readerRows((b, o) => io.readSafetensorsHeader(b as Uint8Array, o as io.ReadSafetensorsOptions)),
    writeSafetensors: [
      ...objectRows('tensors', (v) => io.writeSafetensors(v as Record<string, tf.Tensor>)),
      row('tensors.a', 'a disposed tensor', () => io.writeSafetensors({ a: disposed() })),
      row('tensors.a', 'a string tensor', () => io.writeSafetensors({ a: tf.tensor(['x']) })),
      row('tensors.a', 'not a tensor', () => io.writeSafetensors({ a: [1, 2] as unknown as tf.Tensor })),
      row('tensors', 'a tensor named __metadata__', () => io.writeSafetensors({ __metadata__: t([1]) })),
      ...optionRows((o) => io.writeSafetensors({ a: t([1]) }, o as io.WriteSafetensorsOptions), {}, { metadata: custom('m', 3, [1], null) }),
      row('metadata.format', 'a metadata value that is not a string', () => io.writeSafetensors({ a: t([1]) }, { metadata: { format: 3 as unknown as string } })),
    ],
    torchParameters: [
      ...[3, undefined, null].map((v) => row('prefix', `prefix ${String(v)}`, () => io.torchParameters(v as unknown as string, {}))),
      ...objectRows('variables', (v) => io.torchParameters('m', v as Record<string, tf.Variable>)),
      row('variables.w', 'a plain tensor', () => io.torchParameters('m', { w: t([2]) as tf.Variable })),
      row('variables.w', 'a disposed variable', () => {
        const v = tf.variable(tf.zeros([2]));
        v.dispose();
        return io.torchParameters('m', { w: v });
      }),
      row('transposed', 'transposed names an unknown variable', () => io.torchParameters('m', { w: tf.variable(tf.zeros([2, 2])) }, { transposed: ['v'] })),
      row('variables.w', 'transposed names a 1-D variable', () => io.torchParameters('m', { w: tf.variable(tf.zeros([2])) }, { transposed: ['w'] })),
      ...optionRows((o) => io.torchParameters('m', {}, o as io.TorchParametersOptions), {}, { transposed: custom('w', 3, [3], null) }),
    ],
    torchShape: [
      ...objectRows('parameter', (v) => io.torchShape(v as io.TorchParameter)),
      row('parameter', 'a parameter without a variable', () => io.torchShape({ variable: t([2]) as tf.Variable, transposed: false })),
    ],
    torchStateDict: [
      ...objectRows('target', (v) => io.torchStateDict(v as io.TorchParameters)),
      row('target.w', 'an entry that is not a bound parameter', () => io.torchStateDict({ w: 3 as unknown as io.TorchParameter })),
      row('target.w', 'an entry that is null', () => io.torchStateDict({ w: null as unknown as io.TorchParameter })),
      row('target.lstm.weight', 'a disposed variable', () => {
        const params = bound();
        params['lstm.weight']?.variable.dispose();
        return io.torchStateDict(params);
      }),
    ],
    loadTorchStateDict: [
      ...objectRows('target', (v) => io.loadTorchStateDict(v as io.TorchParameters, {})),
      ...objectRows('stateDict', (v) => io.loadTorchStateDict(bound(), v as Record<string, tf.Tensor>)),
      row('stateDict', 'a missing key', () => io.loadTorchStateDict(bound(), {})),
      row('stateDict', 'a wrong shape', () => io.loadTorchStateDict(bound(), { 'lstm.weight': t([3, 2]) })),
      row('stateDict', 'a disposed tensor', () => io.loadTorchStateDict(bound(), { 'lstm.weight': disposed([2, 3]) })),
      row('stateDict', 'int32 values', () => io.loadTorchStateDict(bound(), { 'lstm.weight': t([2, 3], 'int32') })),
      ...optionRows((o) => io.loadTorchStateDict(bound(), { 'lstm.weight': t([2, 3]) }, o as io.LoadTorchStateDictOptions), {}, { strict: custom(0, 1, 'yes', null) }),
    ],
    recognizeTorchModules: [
      ...objectRows('shapes', (v) => io.recognizeTorchModules(v as Record<string, number[]>)),
      row('shapes.w', 'a negative dimension', () => io.recognizeTorchModules({ w: [-1] })),
      row('shapes.w', 'a shape that is not an array', () => io.recognizeTorchModules({ w: 3 as unknown as number[] })),
    ],
  }),
};

export const ioNodeTable: PackageTable = {
  module: '@rnnkit/io/node',
  exports: ioNode,
  rows: () => ({
    checkWritablePath: [
      ...[undefined, '', 3].map((v) => row('file', `file ${String(v)}`, () => ioNode.checkWritablePath('f', 'file', v))),
      row('file', 'a missing directory', () => ioNode.checkWritablePath('f', 'file', path.join(scratch(), 'missing', 'a'))),
      row('file', 'a directory path', () => ioNode.checkWritablePath('f', 'file', scratch())),
      row('file', 'a path under a regular file', () => {
        const file = path.join(scratch(), 'plain');
        fs.writeFileSync(file, 'x');
        return ioNode.checkWritablePath('f', 'file', path.join(file, 'a'));
      }),
    ],
    readSafetensorsFile: [
      ...[undefined, '', 3].map((v) => row('file', `file ${String(v)}`, () => ioNode.readSafetensorsFile(v as string))),
      row('file', 'a missing file', () => ioNode.readSafetensorsFile(path.join(os.tmpdir(), 'rnnkit-no-such-file.safetensors'))),
      row('file', 'a directory', () => ioNode.readSafetensorsFile(os.tmpdir())),
      row('maxFileBytes', 'maxFileBytes below 8', () => ioNode.readSafetensorsFile(os.tmpdir(), { maxFileBytes: 4 })),
      row('options.maxFileByte', 'a misspelt option', () => ioNode.readSafetensorsFile(os.tmpdir(), { maxFileByte: 4 } as ioNode.ReadSafetensorsFileOptions)),
      row('bytes', 'a file with a repeated key', () => {
        const file = path.join(scratch(), 'dup.safetensors');
        fs.writeFileSync(file, duplicate());
        return ioNode.readSafetensorsFile(file);
      }),
    ],
    writeSafetensorsFile: [
      ...[undefined, '', 3].map((v) => row('file', `file ${String(v)}`, () => ioNode.writeSafetensorsFile(v as string, { a: t([1]) }))),
      row('file', 'a missing directory', () => ioNode.writeSafetensorsFile(path.join(scratch(), 'missing', 'a.safetensors'), { a: t([1]) })),
      row('file', 'a directory path', () => ioNode.writeSafetensorsFile(scratch(), { a: t([1]) })),
      row('tensors.a', 'a disposed tensor', () => ioNode.writeSafetensorsFile(path.join(scratch(), 'a.safetensors'), { a: disposed() })),
    ],
    writeFileAtomic: [
      ...[undefined, '', 3].map((v) => row('file', `file ${String(v)}`, () => ioNode.writeFileAtomic(v as string, 'x'))),
      row('file', 'a missing directory', () => ioNode.writeFileAtomic(path.join(scratch(), 'missing', 'a.json'), 'x')),
      row('file', 'a directory path', () => ioNode.writeFileAtomic(scratch(), 'x')),
      ...[undefined, 3, [1, 2], new Float32Array(2)].map((v) => row('data', `data ${String(v)}`, () => ioNode.writeFileAtomic(path.join(scratch(), 'a.json'), v as unknown as string))),
    ],
  }),
};

// PyTorch state_dict names <-> the toolkit's parameters: loading with key checks, exporting,
// round trips through safetensors, and recognising modules from names and shapes.
import { expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import { gru, lstm, rnn } from '@rnnkit/layers';
import { referenceFixturesDir } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import type { TorchParameters } from '../index.js';
import { loadTorchStateDict, readSafetensors, readSafetensorsHeader, recognizeTorchModules, torchParameters, torchStateDict, writeSafetensors } from '../index.js';
import { readSafetensorsFile, writeSafetensorsFile } from '../node.js';

const fixtureFile = path.join(referenceFixturesDir(), 'interop', 'text_classifier_lstm.safetensors');

/** The fixture's classifier as the demos hold it: the head weight kept (in, out). */
function classifier(): { params: TorchParameters; dispose(): void } {
  const model = lstm({ inputSize: 6, hiddenSize: 8, numLayers: 2, bidirectional: true, seed: 3 });
  const embed = tf.tidy(() => tf.variable(tf.zeros([11, 6])));
  const headWeight = tf.tidy(() => tf.variable(tf.zeros([16, 4])));
  const headBias = tf.tidy(() => tf.variable(tf.zeros([4])));
  const params = {
    ...torchParameters('embed', { weight: embed }),
    ...torchParameters('lstm', model.parameters),
    ...torchParameters('head', { weight: headWeight, bias: headBias }, { transposed: ['weight'] }),
  };
  return { params, dispose: () => { model.dispose(); tf.dispose([embed, headWeight, headBias]); } };
}

function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

describeWithBackends(['cpu', 'wasm'], 'PyTorch state dicts', () => {
  it('loads the fixture file by PyTorch name, transposing the head, and exports it back identically', () => {
    const before = tf.memory().numTensors;
    const { tensors } = readSafetensorsFile(fixtureFile);
    const model = classifier();
    expect(loadTorchStateDict(model.params, tensors)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(values(model.params['lstm.bias_hh_l1_reverse']?.variable as tf.Variable)).toEqual(values(tensors['lstm.bias_hh_l1_reverse'] as tf.Tensor));
    const head = tensors['head.weight'] as tf.Tensor2D;
    const stored = (model.params['head.weight']?.variable as tf.Variable).arraySync() as number[][];
    const torch = head.arraySync();
    expect(stored.length).toBe(16);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 16; j++) expect(stored[j]?.[i]).toBe(torch[i]?.[j]);
    // Export: PyTorch's names, shapes and values, through a file and back.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnkit-io-'));
    const out = path.join(dir, 'export.safetensors');
    const exported = torchStateDict(model.params);
    writeSafetensorsFile(out, exported, { metadata: { format: 'pt' } });
    tf.dispose(Object.values(exported));
    const back = readSafetensorsFile(out);
    expect(back.metadata).toEqual({ format: 'pt' });
    expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(tensors).sort());
    for (const [name, t] of Object.entries(tensors)) {
      expect((back.tensors[name] as tf.Tensor).shape).toEqual(t.shape);
      expect(values(back.tensors[name] as tf.Tensor)).toEqual(values(t));
    }
    fs.rmSync(dir, { recursive: true });
    tf.dispose([...Object.values(tensors), ...Object.values(back.tensors)]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports missing, unexpected and mis-shaped keys by name and assigns nothing', () => {
    const { tensors } = readSafetensorsFile(fixtureFile);
    const model = classifier();
    const embed = model.params['embed.weight']?.variable as tf.Variable;
    const { 'lstm.weight_hr_l0': _none, 'lstm.bias_ih_l1': dropped, ...rest } = tensors;
    const wrong = tf.zeros([4, 15]);
    const extra = tf.zeros([2]);
    const source = { ...rest, 'head.weight': wrong, 'lstm.weight_hr_l0': extra };
    let error: unknown;
    try {
      loadTorchStateDict(model.params, source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      "loadTorchStateDict: the state dict does not fit the model's parameters (head.weight has shape [4, 15], the model's parameter [4, 16]; missing keys: lstm.bias_ih_l1; unexpected keys: lstm.weight_hr_l0)",
    );
    expect(values(embed).every((v) => v === 0)).toBe(true);
    // Non-strict: missing and unexpected keys are returned; a wrong shape is still an error.
    expect(() => loadTorchStateDict(model.params, source, { strict: false })).toThrow('head.weight has shape [4, 15]');
    const result = loadTorchStateDict(model.params, { ...rest, 'lstm.weight_hr_l0': extra }, { strict: false });
    expect(result).toEqual({ missingKeys: ['lstm.bias_ih_l1'], unexpectedKeys: ['lstm.weight_hr_l0'] });
    expect(values(embed)).toEqual(values(tensors['embed.weight'] as tf.Tensor));
    expect(() => loadTorchStateDict(model.params, { ...tensors, 'embed.weight': tf.zeros([11, 6], 'int32') })).toThrow('embed.weight is int32, not float32');
    expect(() => loadTorchStateDict(model.params, tensors, { strict: 'yes' } as unknown as { strict: boolean })).toThrow('loadTorchStateDict: strict must be a boolean, got "yes"');
    tf.dispose([...Object.values(tensors), wrong, extra, dropped as tf.Tensor]);
    model.dispose();
  });

  it('round-trips float32, int32 and bool tensors bit for bit, NaN, -0 and odd names included', () => {
    const special = tf.tensor([NaN, -0, Infinity, -Infinity, 1e-45, 3.4028234663852886e38], [2, 3]);
    const tensors = { 'a.b': tf.randomNormal([3, 4, 5], 0, 1, 'float32', 1), ints: tf.tensor([-2147483648, 0, 7], [3], 'int32'), mask: tf.tensor([true, false], [2], 'bool'), empty: tf.zeros([0, 3]), special, 'ünï "côdé"': tf.scalar(2.5) };
    const bytes = writeSafetensors(tensors, { metadata: { epoch: '3' } });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const back = readSafetensors(bytes);
    expect(back.metadata).toEqual({ epoch: '3' });
    expect(Object.keys(back.tensors)).toEqual(Object.keys(tensors));
    for (const [name, t] of Object.entries(tensors)) {
      const got = back.tensors[name] as tf.Tensor;
      expect([got.dtype, got.shape]).toEqual([t.dtype, t.shape]);
      const a = got.dataSync();
      const b = t.dataSync();
      for (let i = 0; i < b.length; i++) expect(Object.is(a[i], b[i])).toBe(true);
    }
    tf.dispose([...Object.values(tensors), ...Object.values(back.tensors)]);
  });

  it('refuses what it cannot write', () => {
    const t = tf.zeros([2]);
    const text = tf.tensor(['x']);
    expect(() => writeSafetensors({ __metadata__: t })).toThrow('writeSafetensors: tensors cannot be named "__metadata__"');
    expect(() => writeSafetensors({ a: text })).toThrow('writeSafetensors: tensors.a must be float32, int32 or bool, got string');
    expect(() => writeSafetensors({ a: [1, 2] as unknown as tf.Tensor })).toThrow('writeSafetensors: tensors.a must be a live tensor, got [1,2]');
    expect(() => writeSafetensors({ a: t }, { metadata: { n: 1 as unknown as string } })).toThrow('writeSafetensors: metadata.n must be a string, got 1');
    tf.dispose([t, text]);
    expect(() => writeSafetensors({ a: t })).toThrow('tensors.a must be a live tensor');
  });
});

it('recognises the fixture classifier from its header', () => {
  const header = readSafetensorsHeader(new Uint8Array(fs.readFileSync(fixtureFile)));
  const found = recognizeTorchModules(Object.fromEntries(header.entries.map((e) => [e.name, e.shape])));
  expect(found.unrecognized).toEqual([]);
  expect(found.notes).toEqual([]);
  expect(found.modules.map(({ keys: _keys, ...m }) => m)).toEqual([
    { kind: 'embedding', prefix: 'embed', numEmbeddings: 11, embeddingDim: 6 },
    { kind: 'lstm', prefix: 'lstm', options: { inputSize: 6, hiddenSize: 8, numLayers: 2, bidirectional: true, bias: true, projSize: 0 } },
    { kind: 'linear', prefix: 'head', inFeatures: 16, outFeatures: 4, bias: true },
  ]);
  expect(found.modules[1]?.keys).toHaveLength(16);
});

it('recognises every recurrent module the layers build, from their parameter shapes', () => {
  const cases = [
    ['lstm', lstm({ inputSize: 5, hiddenSize: 7, numLayers: 3, projSize: 4, bidirectional: true, seed: 0 }), { inputSize: 5, hiddenSize: 7, numLayers: 3, bidirectional: true, bias: true, projSize: 4 }],
    ['gru', gru({ inputSize: 3, hiddenSize: 6, numLayers: 2, bias: false, seed: 0 }), { inputSize: 3, hiddenSize: 6, numLayers: 2, bidirectional: false, bias: false, projSize: 0 }],
    ['rnn', rnn({ inputSize: 2, hiddenSize: 9, bidirectional: true, seed: 0 }), { inputSize: 2, hiddenSize: 9, numLayers: 1, bidirectional: true, bias: true, projSize: 0 }],
  ] as const;
  for (const [kind, module, options] of cases) {
    const shapes = Object.fromEntries(Object.entries(module.parameters).map(([k, v]) => [`enc.rnn.${k}`, v.shape]));
    const found = recognizeTorchModules({ ...shapes, 'attn.in_proj_weight': [12, 4], 'attn.in_proj_bias': [12], 'attn.out_proj.weight': [4, 4], 'attn.out_proj.bias': [4], step: [] });
    expect(found.modules.map((m) => [m.kind, m.prefix])).toEqual([[kind, 'enc.rnn'], ['multihead_attention', 'attn']]);
    expect(found.modules[0]).toMatchObject({ options });
    expect(found.modules[1]).toMatchObject({ embedDim: 4, bias: true });
    expect(found.unrecognized).toEqual(['step']);
    module.dispose();
  }
});

it('explains groups that look like a module but do not fit', () => {
  const partial = recognizeTorchModules({ 'l.weight_ih_l0': [12, 3], 'l.weight_hh_l0': [12, 3], 'l.weight_ih_l1': [12, 3] });
  expect(partial.modules).toEqual([]);
  expect(partial.unrecognized).toEqual(['l.weight_ih_l0', 'l.weight_hh_l0', 'l.weight_ih_l1']);
  expect(partial.notes).toEqual(['l: looks like a LSTM but has no weight_hh_l1']);
  const odd = recognizeTorchModules({ 'l.weight_ih_l0': [10, 3], 'l.weight_hh_l0': [10, 5] });
  expect(odd.notes).toEqual(['l: weight_hh_l0 has 10 rows, not 1, 3 or 4 times the hidden size 5']);
  expect(() => recognizeTorchModules({ a: [2, -1] })).toThrow('recognizeTorchModules: shapes.a must be an array of non-negative integers, got [2,-1]');
});

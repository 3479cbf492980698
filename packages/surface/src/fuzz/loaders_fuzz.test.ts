// Seeded fuzzing of the loaders: mutated safetensors files and checkpoints must load or fail with
// an InputError, never crash, hang or leak, and a refused checkpoint must change nothing.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { RandomSource } from '@rnnkit/core';
import { InputError, seededRandom } from '@rnnkit/core';
import { readSafetensors } from '@rnnkit/io';
import { lstm } from '@rnnkit/layers';
import type { Checkpoint } from '@rnnkit/train';
import { Trainer, adam, restoreTrainer, trainerCheckpoint } from '@rnnkit/train';
import { loadCheckpoint, saveCheckpoint } from '@rnnkit/train/node';
import { useBackend } from '@rnnkit/testing';

const SAFETENSORS_CASES = 400;
const CHECKPOINT_CASES = 300;
const ON_DISK_CASES = 100;

beforeAll(async () => {
  await useBackend('cpu');
});

const pick = <T>(random: RandomSource, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (random: RandomSource, n: number): number => Math.floor(random() * n);

/** A file with several dtypes and metadata, by hand: F32, F64, I64, BOOL and an empty tensor. */
function baseFile(): Uint8Array {
  const data = new Uint8Array(12 + 16 + 16 + 3);
  const view = new DataView(data.buffer);
  [1.5, -2, 3].forEach((v, i) => view.setFloat32(4 * i, v, true));
  [0.25, -1e10].forEach((v, i) => view.setFloat64(12 + 8 * i, v, true));
  [7n, -9n].forEach((v, i) => view.setBigInt64(28 + 8 * i, v, true));
  data.set([1, 0, 1], 44);
  const header = JSON.stringify({
    __metadata__: { format: 'pt' },
    w: { dtype: 'F32', shape: [3], data_offsets: [0, 12] },
    d: { dtype: 'F64', shape: [2, 1], data_offsets: [12, 28] },
    n: { dtype: 'I64', shape: [2], data_offsets: [28, 44] },
    e: { dtype: 'F16', shape: [0, 4], data_offsets: [44, 44] },
    b: { dtype: 'BOOL', shape: [3], data_offsets: [44, 47] },
  });
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** Rebuilds a file with a mutated header text (the length prefix follows the text). */
function withHeader(file: Uint8Array, edit: (header: string) => string): Uint8Array {
  const length = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  const text = edit(new TextDecoder().decode(file.subarray(8, 8 + length)));
  const json = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + json.length + file.length - 8 - length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(file.subarray(8 + length), 8 + json.length);
  return out;
}

/** Flips one random bit of `bytes` at or after `from`. */
function flip(random: RandomSource, bytes: Uint8Array, from: number): void {
  const at = from + int(random, bytes.length - from);
  bytes[at] = (bytes[at] ?? 0) ^ (1 << int(random, 8));
}

const JSON_NOISE = ['-1', '1e400', '"F32"', '"I8"', '[]', '{}', 'null', '0.5', '[0,4]', '[4,0]', '"__proto__"', '2147483648', '"a"', ',"w":{}', '"shape"'];

/** One mutation of a safetensors file, chosen by `random`. */
function mutateFile(random: RandomSource, file: Uint8Array): Uint8Array {
  const out = Uint8Array.from(file);
  switch (int(random, 10)) {
    case 8:
    case 9: { // flip bits in the data section only: the file stays well-formed
      const length = Number(new DataView(out.buffer).getBigUint64(0, true));
      const start = 8 + length;
      for (let k = 0, n = 1 + int(random, 3); k < n; k++) flip(random, out, start);
      return out;
    }
    case 0: // flip bytes anywhere
      for (let k = 0, n = 1 + int(random, 4); k < n; k++) flip(random, out, 0);
      return out;
    case 1: // truncate
      return out.subarray(0, int(random, out.length));
    case 2: // append junk
      return Uint8Array.from([...out, ...Array.from({ length: 1 + int(random, 16) }, () => int(random, 256))]);
    case 3: // a wrong header length
      new DataView(out.buffer).setBigUint64(0, BigInt(int(random, 2 ** 20)) * (random() < 0.1 ? 2n ** 40n : 1n), true);
      return out;
    case 4: // replace a JSON token
      return withHeader(file, (h) => {
        const tokens = [...h.matchAll(/-?\d+(\.\d+)?|"[^"]*"/g)];
        const token = pick(random, tokens);
        return `${h.slice(0, token.index)}${pick(random, JSON_NOISE)}${h.slice((token.index ?? 0) + token[0].length)}`;
      });
    case 5: // repeat an entry under the same name
      return withHeader(file, (h) => `${h.slice(0, -1)},"w":{"dtype":"I32","shape":[3],"data_offsets":[0,12]}}`);
    case 6: // rename or drop an entry
      return withHeader(file, (h) => (random() < 0.5 ? h.replace('"d":', '"w":') : h.replace(/,"n":\{[^}]*\}/, '')));
    default: // change a shape or dtype
      return withHeader(file, (h) => h.replace(pick(random, ['[3]', '[2,1]', '"F64"', '"I64"', '"BOOL"', '[0,4]']), pick(random, ['[4]', '[1,2]', '[2]', '"F32"', '"U8"', '"F16"', '[1,4]'])));
  }
}

describe('fuzzing safetensors', () => {
  it(`reads or refuses each of ${SAFETENSORS_CASES} mutated files with an InputError, and leaks nothing`, () => {
    const random = seededRandom(20261202);
    const base = baseFile();
    const before = tf.memory().numTensors;
    let refused = 0;
    let read = 0;
    const wrong: string[] = [];
    for (let i = 0; i < SAFETENSORS_CASES; i++) {
      const file = mutateFile(random, base);
      try {
        const { tensors, header } = readSafetensors(file);
        // A file that reads must describe itself consistently.
        const data = new DataView(file.buffer, file.byteOffset + header.dataStart, header.dataLength);
        for (const entry of header.entries) {
          const tensor = tensors[entry.name];
          if (!tf.util.arraysEqual(tensor?.shape ?? [-1], [...entry.shape])) wrong.push(`case ${i}: ${entry.name} has another shape`);
          if (entry.dtype === 'F32' && tensor !== undefined) {
            // An independent decode of the same bytes.
            const expected = Array.from({ length: tensor.size }, (_, k) => data.getFloat32(entry.dataOffsets[0] + 4 * k, true));
            if (!Object.is(JSON.stringify(Array.from(tensor.dataSync())), JSON.stringify(expected))) wrong.push(`case ${i}: ${entry.name} decoded wrongly`);
          }
        }
        tf.dispose(Object.values(tensors));
        read += 1;
      } catch (e) {
        if (e instanceof InputError) refused += 1;
        else wrong.push(`case ${i}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(refused + read).toBe(SAFETENSORS_CASES);
    expect(refused).toBeGreaterThan(SAFETENSORS_CASES / 2);
    expect(tf.memory().numTensors).toBe(before);
    if (process.env['FUZZ_REPORT'] !== undefined) process.stdout.write(`safetensors: ${read} read, ${refused} refused\n`);
  });
});

/** A small trainer two steps in. */
function trained(): Trainer {
  const model = lstm({ inputSize: 2, hiddenSize: 3, seed: 5 });
  const trainer = new Trainer({ variables: model.parameters, optimizer: adam({ learningRate: 0.05 }), randomGenerators: { dropout: model.random } });
  const x = tf.randomNormal([3, 2, 2], 0, 1, 'float32', 1) as tf.Tensor3D;
  for (let k = 0; k < 2; k++) trainer.trainStep(() => tf.mean(tf.square(model.forward(x).output)));
  x.dispose();
  return trainer;
}

function snapshot(trainer: Trainer): string {
  const state = trainer.optimizer.state();
  return JSON.stringify({
    v: Object.entries(trainer.variables).map(([k, v]) => [k, Array.from(v.dataSync())]),
    s: Object.entries(state.tensors).map(([k, v]) => [k, Array.from(v.dataSync())]),
    values: state.values,
    r: trainer.random.state,
    g: Object.values(trainer.randomGenerators).map((g) => g.state),
    step: trainer.step,
  });
}

const VALUE_NOISE: readonly unknown[] = [-1, 1.5, Number.NaN, 'fast', null, [], {}, 2 ** 32, -0.5, 1e300, true];

/** One mutation of an in-memory checkpoint (a deep copy), chosen by `random`. */
function mutateCheckpoint(random: RandomSource, checkpoint: Checkpoint): { tensors: Record<string, tf.Tensor>; json: unknown } {
  const tensors: Record<string, tf.Tensor> = Object.fromEntries(Object.entries(checkpoint.tensors).map(([k, v]) => [k, tf.clone(v)]));
  const json = structuredClone(checkpoint.json) as unknown as Record<string, unknown>;
  const names = Object.keys(tensors);
  const name = pick(random, names);
  const tensor = tensors[name] as tf.Tensor;
  switch (int(random, 9)) {
    case 0:
      tensor.dispose();
      delete tensors[name];
      break;
    case 1:
      tensors[`${name}${pick(random, ['_x', '.1', ''])}x`] = tensor;
      delete tensors[name];
      break;
    case 2:
      tensors[name] = tf.zeros([tensor.size + 1]);
      tensor.dispose();
      break;
    case 3: {
      const values = Float32Array.from(tensor.dataSync());
      values[int(random, values.length)] = pick(random, [Number.NaN, Infinity, -Infinity, -1, 1e30]);
      tensors[name] = tf.tensor(values, tensor.shape);
      tensor.dispose();
      break;
    }
    case 4:
      tensors[name] = tf.cast(tensor, 'int32');
      tensor.dispose();
      break;
    case 5:
      tensor.dispose();
      break;
    case 6: {
      const optimizer = json['optimizer'] as { values: Record<string, unknown> };
      const key = pick(random, [...Object.keys(optimizer.values), 'extra']);
      optimizer.values[key] = pick(random, VALUE_NOISE);
      break;
    }
    case 7: {
      const key = pick(random, [...Object.keys(json), 'surprise']);
      if (random() < 0.3) delete json[key];
      else json[key] = pick(random, VALUE_NOISE);
      break;
    }
    default: {
      const added = `${pick(random, ['optimizer.m.', 'optimizer.q.', 'param.', 'carry.', 'other.'])}${pick(random, ['weight_ih_l0', 'new'])}`;
      tensors[added]?.dispose();
      tensors[added] = tf.zeros([2]);
    }
  }
  return { tensors, json };
}

describe('fuzzing checkpoints', () => {
  it(`restores or refuses each of ${CHECKPOINT_CASES} mutated checkpoints, a refusal changing nothing`, () => {
    const random = seededRandom(7);
    const trainer = trained();
    const baseline = trainerCheckpoint(trainer);
    const saved: Checkpoint = { tensors: Object.fromEntries(Object.entries(baseline.tensors).map(([k, v]) => [k, tf.clone(v)])), json: structuredClone(baseline.json) };
    const state = snapshot(trainer);
    const before = tf.memory().numTensors;
    let refused = 0;
    let restored = 0;
    const wrong: string[] = [];
    for (let i = 0; i < CHECKPOINT_CASES; i++) {
      const mutant = mutateCheckpoint(random, saved);
      try {
        restoreTrainer(trainer, mutant);
        restored += 1;
        // An accepted checkpoint must train on to finite parameters.
        trainer.trainStep(() => tf.sum(tf.square(trainer.variables['weight_ih_l0'] as tf.Variable)));
        if (Object.values(trainer.variables).some((v) => v.dataSync().some((x) => !Number.isFinite(x)))) wrong.push(`case ${i}: accepted, then non-finite`);
        restoreTrainer(trainer, saved);
      } catch (e) {
        if (e instanceof InputError) refused += 1;
        else wrong.push(`case ${i}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
        if (snapshot(trainer) !== state) {
          wrong.push(`case ${i}: a refused checkpoint changed the trainer`);
          restoreTrainer(trainer, saved);
        }
      }
      tf.dispose(Object.values(mutant.tensors).filter((t) => !t.isDisposed));
    }
    expect(wrong).toEqual([]);
    expect(refused + restored).toBe(CHECKPOINT_CASES);
    expect(refused).toBeGreaterThan(CHECKPOINT_CASES / 2);
    expect(snapshot(trainer)).toBe(state);
    expect(tf.memory().numTensors).toBe(before);
    if (process.env['FUZZ_REPORT'] !== undefined) process.stdout.write(`checkpoints in memory: ${restored} restored, ${refused} refused\n`);
    tf.dispose(Object.values(saved.tensors));
  });

  it(`loads or refuses each of ${ON_DISK_CASES} checkpoints mutated on disk, a refusal changing nothing`, () => {
    const random = seededRandom(11);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnkit-fuzz-'));
    const trainer = trained();
    saveCheckpoint(path.join(dir, 'base'), trainer);
    const tensorsFile = fs.readFileSync(path.join(dir, 'base.safetensors'));
    const jsonText = fs.readFileSync(path.join(dir, 'base.json'), 'utf8');
    const state = snapshot(trainer);
    let refused = 0;
    let loaded = 0;
    const wrong: string[] = [];
    for (let i = 0; i < ON_DISK_CASES; i++) {
      const target = path.join(dir, `case${i}`);
      if (random() < 0.5) {
        fs.writeFileSync(`${target}.safetensors`, mutateFile(random, new Uint8Array(tensorsFile)));
        fs.writeFileSync(`${target}.json`, jsonText);
      } else {
        const chars = [...jsonText];
        for (let k = 0, n = 1 + int(random, 3); k < n; k++) chars[int(random, chars.length)] = pick(random, ['0', '-', '"', '}', 'x', '9', ' ', 'e']);
        fs.writeFileSync(`${target}.safetensors`, tensorsFile);
        fs.writeFileSync(`${target}.json`, chars.join(''));
      }
      try {
        const { tensors } = loadCheckpoint(target, trainer);
        tf.dispose(Object.values(tensors));
        loaded += 1;
        loadCheckpoint(path.join(dir, 'base'), trainer);
      } catch (e) {
        if (e instanceof InputError) refused += 1;
        else wrong.push(`case ${i}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
        if (snapshot(trainer) !== state) wrong.push(`case ${i}: a refused checkpoint changed the trainer`);
      }
    }
    expect(wrong).toEqual([]);
    expect(refused + loaded).toBe(ON_DISK_CASES);
    expect(snapshot(trainer)).toBe(state);
    // No temporary files, only what the test wrote.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    if (process.env['FUZZ_REPORT'] !== undefined) process.stdout.write(`checkpoints on disk: ${loaded} loaded, ${refused} refused\n`);
    fs.rmSync(dir, { recursive: true });
  });
});

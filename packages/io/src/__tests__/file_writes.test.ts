// File writes: clear errors for a missing directory or a directory path, and no temporary file
// left behind on any failure, the write itself or the rename after it.
import { afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import { useBackend } from '@rnnkit/testing';
import { readSafetensors } from '../index.js';
import { writeFileAtomic, writeSafetensorsFile } from '../node.js';

beforeAll(async () => {
  await useBackend('cpu');
});

afterEach(() => {
  jest.restoreAllMocks();
});

const scratch = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'rnnkit-writes-'));

describe('writeSafetensorsFile and writeFileAtomic', () => {
  it('name a missing directory and a directory path, and create nothing', () => {
    const dir = scratch();
    const a = tf.tensor1d([1, 2]);
    expect(() => writeSafetensorsFile(path.join(dir, 'nope', 'a.safetensors'), { a })).toThrow(
      `writeSafetensorsFile: cannot write ${path.join(dir, 'nope', 'a.safetensors')}: the directory ${path.join(dir, 'nope')} does not exist`,
    );
    expect(() => writeSafetensorsFile(dir, { a })).toThrow(`writeSafetensorsFile: cannot write ${dir}: it is a directory`);
    expect(() => writeFileAtomic(path.join(dir, 'nope', 'a.json'), '{}')).toThrow(InputError);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(path.basename(dir)) && f.endsWith('.tmp'))).toEqual([]);
    a.dispose();
    fs.rmSync(dir, { recursive: true });
  });

  it('remove the temporary file when the rename fails, and keep the old file intact', () => {
    const dir = scratch();
    const file = path.join(dir, 'a.safetensors');
    const a = tf.tensor1d([1, 2]);
    writeSafetensorsFile(file, { a });
    const before = fs.readFileSync(file);
    jest.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw new Error('EXDEV: simulated cross-device rename');
    });
    const b = tf.tensor1d([3, 4, 5]);
    expect(() => writeSafetensorsFile(file, { b })).toThrow(`writeSafetensorsFile: cannot write ${file}: EXDEV: simulated cross-device rename`);
    expect(() => writeFileAtomic(path.join(dir, 'b.json'), '{}')).toThrow('writeFileAtomic: cannot write');
    jest.restoreAllMocks();
    expect(fs.readdirSync(dir)).toEqual(['a.safetensors']);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const { tensors } = readSafetensors(new Uint8Array(fs.readFileSync(file)));
    expect(Array.from(tensors['a']?.dataSync() ?? [])).toEqual([1, 2]);
    tf.dispose([a, b, ...Object.values(tensors)]);
    fs.rmSync(dir, { recursive: true });
  });

  it('remove the temporary file when the write itself fails', () => {
    const dir = scratch();
    jest.spyOn(fs, 'writeFileSync').mockImplementation((target) => {
      // A partial file, then the failure a full disk gives.
      fs.appendFileSync(String(target), 'partial');
      throw new Error('ENOSPC: simulated full disk');
    });
    expect(() => writeFileAtomic(path.join(dir, 'c.json'), '{"a": 1}')).toThrow('writeFileAtomic: cannot write');
    jest.restoreAllMocks();
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true });
  });
});

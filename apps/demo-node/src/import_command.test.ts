// The import command: the interop fixture is listed, recognised and run; hostile files are refused.
import { afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import { referenceFixturesDir, useBackend } from '@rnnkit/testing';
import { runImport } from './import_command.js';
import { parseOptions } from './options.js';

const fixture = path.join(referenceFixturesDir(), 'interop', 'text_classifier_lstm.safetensors');

beforeAll(async () => {
  await useBackend('wasm');
});

afterEach(() => {
  jest.restoreAllMocks();
});

function importOptions(argv: string[]): Parameters<typeof runImport>[0] {
  const parsed = parseOptions(['import', ...argv]);
  if (parsed.command !== 'import') throw new Error('expected the import command');
  return parsed.options;
}

describe('import', () => {
  it('lists the fixture, recognises its modules and runs them without leaking tensors', () => {
    const lines: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '));
    });
    const before = tf.memory().numTensors;
    runImport(importOptions([fixture, '--run']));
    expect(tf.memory().numTensors).toBe(before);
    const text = lines.join('\n');
    expect(text).toContain('19 tensors');
    expect(text).toMatch(/lstm\.weight_hh_l1_reverse\s+F32\s+\[32, 8\]/);
    expect(text).toMatch(/embed\s+nn\.Embedding\(11, 6\)/);
    expect(text).toMatch(/lstm\s+nn\.LSTM\(6, 8, num_layers=2, bidirectional=True\)/);
    expect(text).toMatch(/head\s+nn\.Linear\(16, 4\)/);
    expect(text).toContain('recurrent output [12, 2, 16], final state h [4, 2, 8], c [4, 2, 8]');
    expect(text).toMatch(/sample 1: last-step logits \[(-?\d\.\d{4}, ){3}-?\d\.\d{4}\] -> class \d/);
  });

  it('refuses truncated and hostile files with one-line InputErrors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnkit-demo-'));
    const bytes = fs.readFileSync(fixture);
    const cases: Array<[string, Uint8Array, string]> = [
      ['truncated.safetensors', bytes.subarray(0, 900), 'exceeds the 892 bytes after it'],
      ['short.safetensors', bytes.subarray(0, bytes.length - 4), 'tensor "head.bias" has data_offsets [11272, 11288] outside the 11284-byte data section'],
      ['huge.safetensors', Uint8Array.from([255, 255, 255, 255, 255, 255, 255, 127, 123, 125]), 'is over the limit of 100000000 bytes'],
    ];
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    for (const [name, content, fragment] of cases) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      let error: unknown;
      try {
        runImport(importOptions([file, '--run']));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toContain(fragment);
      expect((error as Error).message).not.toContain('\n');
    }
    fs.rmSync(dir, { recursive: true });
  });
});

// Every reference fixture, every family, evaluated on WebGL inside headless Chromium (Debian's
// chromium, which .ci/run installs); each must pass with the same tolerances as on cpu and wasm.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findFixtureFiles, referenceFixturesDir } from '@rnnkit/testing';
import type { FixtureResult } from '../evaluate.js';
import { DEFAULT_CHROMIUM, runConformanceInBrowser } from './run_in_browser.js';

const root = referenceFixturesDir();
const files = findFixtureFiles([root]);
const executablePath = process.env['CHROMIUM_PATH'] ?? DEFAULT_CHROMIUM;

describe('reference fixtures [webgl in headless Chromium]', () => {
  const results = new Map<string, FixtureResult>();

  beforeAll(async () => {
    if (!fs.existsSync(executablePath)) {
      throw new Error(`no Chromium at ${executablePath}: install it with apt-get install -y chromium (.ci/run does) or set CHROMIUM_PATH`);
    }
    for (const r of await runConformanceInBrowser('webgl', files)) results.set(r.fixture, r);
  }, 480_000);

  it('evaluates every family the Node suites cover', () => {
    const families = new Set(files.map((f) => path.basename(path.dirname(f))));
    for (const family of ['torch-rnn', 'torch-cell', 'cells', 'attention', 'tree-lstm', 'losses', 'interop']) {
      expect(families.has(family)).toBe(true);
    }
    expect(results.size).toBe(files.length);
  });

  it.each(files.map((f) => [path.relative(root, f).replace(/\.json$/, '').split(path.sep).join('/')]))('%s', (id) => {
    const result = results.get(id);
    expect(result).toBeDefined();
    expect(result?.message).toBe('');
    expect(result?.status).toBe('pass');
    expect(result?.worst_ratio).toBeLessThanOrEqual(1);
  });
});

// Every reference fixture, every family, evaluated on WebGL inside headless Chromium (Debian's
// chromium, which .ci/run installs); each must pass with the same tolerances as on cpu and wasm.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { webglKernelConfigs } from '@rnnkit/backend-webgl/base';
import { findFixtureFiles, referenceFixturesDir } from '@rnnkit/testing';
import type { FixtureResult } from '../evaluate.js';
import { DEFAULT_CHROMIUM, runConformanceInBrowser } from './run_in_browser.js';

const root = referenceFixturesDir();
const files = findFixtureFiles([root]);
const executablePath = process.env['CHROMIUM_PATH'] ?? DEFAULT_CHROMIUM;

describe('reference fixtures [webgl in headless Chromium]', () => {
  const results = new Map<string, FixtureResult>();
  let projectKernels: readonly string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(executablePath)) {
      throw new Error(`no Chromium at ${executablePath}: install it with apt-get install -y chromium (.ci/run does) or set CHROMIUM_PATH`);
    }
    const run = await runConformanceInBrowser('webgl', files);
    for (const r of run.results) results.set(r.fixture, r);
    projectKernels = run.summary.projectKernels;
  }, 480_000);

  it("ran the fused sequence operations on the project's WebGL kernels", () => {
    expect([...projectKernels].sort()).toEqual(webglKernelConfigs.map((c) => c.kernelName).sort());
  });

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

// The families whose fixtures run the fused sequence operations, once more without the project's
// WebGL kernels: the portable operations must pass as well.
const fusedFiles = files.filter((f) => path.basename(path.dirname(f)) === 'torch-rnn');

describe('torch-rnn fixtures [webgl, portable operations, in headless Chromium]', () => {
  const results = new Map<string, FixtureResult>();
  let projectKernels: readonly string[] = ['not run'];

  beforeAll(async () => {
    const run = await runConformanceInBrowser('webgl', fusedFiles, { kernels: 'portable' });
    for (const r of run.results) results.set(r.fixture, r);
    projectKernels = run.summary.projectKernels;
  }, 480_000);

  it("ran without the project's WebGL kernels", () => {
    expect(fusedFiles.length).toBeGreaterThan(0);
    expect(projectKernels).toEqual([]);
  });

  it.each(fusedFiles.map((f) => [path.relative(root, f).replace(/\.json$/, '').split(path.sep).join('/')]))('%s', (id) => {
    const result = results.get(id);
    expect(result?.message).toBe('');
    expect(result?.status).toBe('pass');
  });
});

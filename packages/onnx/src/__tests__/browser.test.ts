// Exported models run through loadOnnxModelWeb (onnxruntime-web on WebAssembly) in headless
// Chromium give our modules' outputs, computed here on the cpu backend, within the forward
// tolerances.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import * as tf from '@tensorflow/tfjs-core';
import { gru, lstm, rnn } from '@rnnkit/layers';
import type { OnnxStage } from '@rnnkit/onnx';
import { exportOnnx } from '@rnnkit/onnx';
import { FORWARD_TOLERANCE, compareValues, useBackend } from '@rnnkit/testing';
import type { BrowserCase, BrowserResult } from './browser_protocol.js';

const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const packageDir = path.join(__dirname, '..', '..');
// onnxruntime-web's .wasm and its loader, served to the page under /ort/ (its package exports no package.json).
const ortDist = path.join(packageDir, 'node_modules', 'onnxruntime-web', 'dist');

interface Expected { output: tf.Tensor; state: Record<string, tf.Tensor> }

const plain = (t: tf.Tensor): { data: number[]; shape: number[] } => ({ data: Array.from(t.dataSync()), shape: t.shape });

async function bundle(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, 'browser_entry.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no bundle');
  return output.text;
}

function serve(code: string): Promise<http.Server> {
  const page = '<!doctype html><meta charset="utf-8"><title>rnnkit onnx</title><script type="module" src="/bundle.js"></script>';
  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0] ?? '/';
    const ortFile = url.startsWith('/ort/') ? path.basename(url) : '';
    if (url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    else if (url === '/bundle.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
    else if (/^ort-wasm-simd-threaded(\.jsep)?\.(wasm|mjs)$/.test(ortFile)) {
      const type = ortFile.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
      res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(path.join(ortDist, ortFile)));
    } else res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('exported models on onnxruntime-web in headless Chromium', () => {
  const expected = new Map<string, Expected>();
  const results = new Map<string, BrowserResult>();
  const cases: BrowserCase[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(executablePath)) {
      throw new Error(`no Chromium at ${executablePath}: install it with apt-get install -y chromium (.ci/run does) or set CHROMIUM_PATH`);
    }
    await useBackend('cpu');
    // A 2-layer bidirectional batch-first LSTM with lengths and an initial state.
    const bilstm = lstm({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, batchFirst: true, seed: 1 });
    const x = tf.randomNormal([3, 5, 3], 0, 1, 'float32', 2) as tf.Tensor3D;
    const initialState = { h: tf.randomNormal([4, 3, 4], 0, 1, 'float32', 3) as tf.Tensor3D, c: tf.randomNormal([4, 3, 4], 0, 1, 'float32', 4) as tf.Tensor3D };
    const lengths = [5, 2, 4];
    expected.set('bilstm2', bilstm.forward(x, { lengths, initialState }));
    cases.push({ name: 'bilstm2', model: Array.from(exportOnnx([{ kind: 'recurrent', module: bilstm }])), x: { ...plain(x), dtype: 'float32' }, lengths, initialState: { h: plain(initialState.h), c: plain(initialState.c) } });
    // A relu RNN, time-major, defaults for lengths and state.
    const relu = rnn({ inputSize: 3, hiddenSize: 5, nonlinearity: 'relu', seed: 5 });
    const xr = tf.randomNormal([4, 2, 3], 0, 1, 'float32', 6) as tf.Tensor3D;
    expected.set('rnn relu', relu.forward(xr));
    cases.push({ name: 'rnn relu', model: Array.from(exportOnnx([{ kind: 'recurrent', module: relu }])), x: { ...plain(xr), dtype: 'float32' }, initialState: {} });
    // A classifier: embedding -> GRU -> last step -> linear, on token ids.
    const table = tf.randomNormal([7, 3], 0, 1, 'float32', 7);
    const encoder = gru({ inputSize: 3, hiddenSize: 4, seed: 8 });
    const head = { weight: tf.randomNormal([2, 4], 0, 1, 'float32', 9), bias: tf.randomNormal([2], 0, 1, 'float32', 10) };
    const tokens = tf.tensor2d([[1, 2], [6, 0], [3, 5]], [3, 2], 'int32');
    const encoded = encoder.forward(tf.gather(table, tokens) as tf.Tensor3D);
    const logits = tf.add(tf.matMul(tf.gather(encoded.output, 2, 0), head.weight, false, true), head.bias);
    expected.set('classifier', { output: logits, state: encoded.state });
    const stages: OnnxStage[] = [{ kind: 'embedding', stateDict: { weight: table } }, { kind: 'recurrent', module: encoder }, { kind: 'lastStep' }, { kind: 'linear', stateDict: head }];
    cases.push({ name: 'classifier', model: Array.from(exportOnnx(stages)), x: { ...plain(tokens), dtype: 'int32' }, initialState: {} });

    const server = await serve(await bundle());
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'], headless: true, timeout: 60_000 });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('the server has no port');
      await page.goto(`http://127.0.0.1:${address.port}/`);
      await page.waitForFunction(() => typeof window.rnnkitOnnxRun === 'function', undefined, { timeout: 30_000 }).catch(() => {
        throw new Error(`the page did not load: ${errors.join('; ') || 'no error reported'}`);
      });
      for (const r of await page.evaluate((c) => window.rnnkitOnnxRun(c), cases)) results.set(r.name, r);
    } finally {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 90_000);

  afterAll(() => {
    for (const e of expected.values()) tf.dispose([e.output, ...Object.values(e.state)]);
  });

  it.each([['bilstm2'], ['rnn relu'], ['classifier']])('%s: output and final state match our module', (name) => {
    const result = results.get(name);
    const want = expected.get(name);
    expect(result).toBeDefined();
    if (result === undefined || want === undefined) return;
    expect(result.output.shape).toEqual(want.output.shape);
    expect(compareValues(result.output.data, want.output.dataSync(), FORWARD_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
    expect(Object.keys(result.state).sort()).toEqual(Object.keys(want.state).sort());
    for (const [key, value] of Object.entries(want.state)) {
      expect(result.state[key]?.shape).toEqual(value.shape);
      expect(compareValues(result.state[key]?.data ?? [], value.dataSync(), FORWARD_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
    }
  });
});

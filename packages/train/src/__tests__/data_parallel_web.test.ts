// The browser's DataParallel in headless Chromium: on a cross-origin isolated page (COOP/COEP),
// 2 Web Workers and the page's thread take the one-thread Trainer step (computed in the same
// page) within float32 summation order, the same bits twice, without leaks; on a page without
// the headers, a clear InputError.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@rnnkit/testing/browser';
import type { PageCase, PageRefusal, PageResult } from './data_parallel_web_protocol.js';

const CASE: PageCase = {
  options: { inputSize: 3, hiddenSize: 6, outputs: 2 },
  threads: 3, // 2 workers and the page
  steps: 3,
  T: 5,
  lengths: [5, 2, 4, 5, 1], // shards of 2, 2 and 1 samples: unequal weights are part of the test
};
// tfjs-backend-wasm's .wasm files, served under /wasm/.
const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** The page, the replica module and the worker script as one bundle split into chunks, so every thread's modules share one tfjs-core. */
async function bundle(): Promise<Map<string, string>> {
  const result = await esbuild.build({
    entryPoints: {
      page: path.join(__dirname, 'data_parallel_web_page.ts'),
      replica: path.join(__dirname, 'data_parallel_web_replica.ts'),
      worker: path.join(__dirname, '..', 'data_parallel_web_worker.ts'),
    },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: '/',
    write: false,
    logLevel: 'silent',
    // tfjs-backend-wasm's Emscripten glue names Node modules it loads only under Node.
    external: ['fs', 'path', 'worker_threads', 'os', 'url', 'crypto', 'perf_hooks', 'util'],
  });
  return new Map(result.outputFiles.map((f) => [`/${path.basename(f.path)}`, f.text]));
}

/** Serves the bundle and the .wasm files, with the cross-origin isolation headers or without. */
function serve(files: Map<string, string>, isolated: boolean, errors: string[]): Promise<http.Server> {
  const page = '<!doctype html><meta charset="utf-8"><title>rnnkit DataParallel</title><script type="module" src="/page.js"></script>';
  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0] ?? '/';
    const headers = isolated ? ISOLATION : {};
    const code = files.get(url);
    const wasm = url.startsWith('/wasm/') ? path.join(wasmDir, path.basename(url)) : '';
    if (url === '/') res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(page);
    else if (url === '/favicon.ico') res.writeHead(204).end();
    else if (code !== undefined) res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(code);
    else if (wasm.endsWith('.wasm') && fs.existsSync(wasm)) res.writeHead(200, { ...headers, 'content-type': 'application/wasm' }).end(fs.readFileSync(wasm));
    else {
      errors.push(`404 ${url}`);
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function open(browser: Browser, server: http.Server, errors: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no port');
  await page.goto(`http://127.0.0.1:${address.port}/`);
  await page.waitForFunction(() => typeof window.rnnkitDataParallel === 'function', undefined, { timeout: 20_000 }).catch(() => {
    throw new Error(`the page did not load: ${errors.join('; ') || 'no error reported'}`);
  });
  return page;
}

describe('DataParallel in Chromium over Web Workers', () => {
  let result: PageResult;
  let refusal: PageRefusal;
  const errors: string[] = [];

  beforeAll(async () => {
    const files = await bundle();
    const servers = await Promise.all([serve(files, true, errors), serve(files, false, errors)]);
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const isolated = await open(browser, servers[0], errors);
      result = await isolated.evaluate((c) => window.rnnkitDataParallel(c), CASE);
      const plain = await open(browser, servers[1], errors);
      refusal = await plain.evaluate((c) => window.rnnkitDataParallelRefusal(c), CASE);
    } finally {
      await browser?.close();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    }
  }, 60_000);


  it('takes the one-thread step within float32 summation order on 3 threads, the same bits twice, without leaks', () => {
    expect(result.crossOriginIsolated).toBe(true);
    expect(result.backend).toBe('wasm');
    expect(result.closeCodes).toEqual([0, 0]);
    expect(result.initial).toEqual(result.referenceInitial);
    const [first, second] = result.runs;
    if (first === undefined || second === undefined) throw new Error('the page returned fewer than 2 runs');
    const { reference } = result;
    first.losses.forEach((l, k) => expect(Math.abs(l - (reference.losses[k] as number))).toBeLessThan(1e-5 * Math.abs(reference.losses[k] as number)));
    expect(Object.keys(first.weights).sort()).toEqual(Object.keys(reference.weights).sort());
    let moved = 0;
    for (const [name, want] of Object.entries(reference.weights)) {
      const got = first.weights[name] as number[];
      const start = result.initial[name] as number[];
      want.forEach((w, j) => {
        expect(Math.abs((got[j] as number) - w)).toBeLessThan(1e-5 + 1e-4 * Math.abs(w));
        moved = Math.max(moved, Math.abs(w - (start[j] as number)));
      });
      expect(second.weights[name]).toEqual(got);
    }
    // The steps moved the weights far beyond the tolerance: the comparison is not vacuous.
    expect(moved).toBeGreaterThan(0.05);
    expect(second.losses).toEqual(first.losses);
    for (const run of [first, second]) expect(run.counts[CASE.steps - 1]).toBe(run.counts[0]);
  });

  it('loads every file and reports no error on either page', () => {
    expect(errors).toEqual([]);
  });

  it('refuses more than one thread on a page without the COOP/COEP headers, saying which', () => {
    expect(refusal.crossOriginIsolated).toBe(false);
    expect(refusal.isInputError).toBe(true);
    expect(refusal.argument).toBe('threads');
    expect(refusal.message).toMatch(/^DataParallel\.start: threads = 3 needs SharedArrayBuffer/);
    expect(refusal.message).toContain('Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp');
  });
});

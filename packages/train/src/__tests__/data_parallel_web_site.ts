// The site of the browser DataParallel test and speed script: the page, the replica module and
// the worker script bundled together, served with or without cross-origin isolation.
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
// tfjs-backend-wasm's .wasm files, served under /wasm/.
const wasmDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** The page, the replica module and the worker script as one bundle split into chunks, so every thread's modules share one tfjs-core: file contents by URL path. */
export async function bundleSite(): Promise<Map<string, string>> {
  const result = await esbuild.build({
    entryPoints: {
      page: path.join(here, 'data_parallel_web_page.ts'),
      replica: path.join(here, 'data_parallel_web_replica.ts'),
      worker: path.join(here, '..', 'data_parallel_web_worker.ts'),
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
  const files = new Map(result.outputFiles.map((f) => [`/${path.basename(f.path)}`, f.text]));
  // Where the browser's DataParallel looks for its worker when not given one: beside its own
  // module, which in this bundle is a chunk at the root.
  files.set('/web-worker.mjs', files.get('/worker.js') ?? '');
  return files;
}

/** Serves the bundle and the .wasm files, with the cross-origin isolation headers or without; a missing file is added to `errors`. */
export function serveSite(files: Map<string, string>, isolated: boolean, errors: string[]): Promise<http.Server> {
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

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A new tab on the server's page once its functions are defined; page errors go to `errors`. */
export async function openSite(browser: Browser, server: http.Server, errors: string[]): Promise<Page> {
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

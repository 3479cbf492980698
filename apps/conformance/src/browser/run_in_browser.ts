// Runs the conformance evaluation inside headless Chromium: bundles the page side with esbuild,
// serves it and the fixtures from a localhost HTTP server, and streams each result back.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import type { FixtureResult } from '../evaluate.js';
import type { BrowserKernels, BrowserRunRequest, BrowserRunSummary } from './browser_protocol.js';

/** Where tests and CI expect Chromium: Debian's `chromium` package. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags measured to give a working WebGL (SwiftShader) in headless Chromium on these machines. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export interface BrowserRunOptions {
  /** Called with each result as the page reports it. */
  onResult?: (result: FixtureResult) => void;
  /**
   * The Chromium binary.
   * @default process.env.CHROMIUM_PATH, else /usr/bin/chromium
   */
  executablePath?: string;
  /**
   * Limit for the whole run, in milliseconds.
   * @default 600000
   */
  timeoutMs?: number;
  /**
   * Run with the project's WebGL kernels or with the portable operations.
   * @default 'registered'
   */
  kernels?: BrowserKernels;
}

/** The results of a browser run, in order, and what the page reported. */
export interface BrowserRun {
  readonly results: FixtureResult[];
  readonly summary: BrowserRunSummary;
}

/** The folder holding pnpm-workspace.yaml, above the working directory. */
function workspaceRoot(): string {
  let dir = process.cwd();
  for (;;) {
    if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('runConformanceInBrowser: no pnpm-workspace.yaml above the working directory');
    dir = parent;
  }
}

const NODE_SHIMS: Record<string, string> = { fs: 'virtual_fs.ts', path: 'posix_path.ts' };

/** Bundles the page side; `node:fs` and `node:path` become the browser shims. */
async function bundle(): Promise<string> {
  const browserDir = path.join(workspaceRoot(), 'apps', 'conformance', 'src', 'browser');
  const result = await esbuild.build({
    entryPoints: [path.join(browserDir, 'browser_entry.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    inject: [path.join(browserDir, 'process_shim.ts')],
    plugins: [
      {
        name: 'node-builtins',
        setup(build) {
          build.onResolve({ filter: /^(node:)?[a-z_]+$/ }, (args) => {
            const name = args.path.replace(/^node:/, '');
            const shim = NODE_SHIMS[name];
            if (shim !== undefined) return { path: path.join(browserDir, shim) };
            // tfjs-backend-wasm's Emscripten glue names Node modules it only loads under Node.
            if (['worker_threads', 'os', 'url', 'crypto', 'perf_hooks', 'util', 'child_process'].includes(name)) {
              return { path: name, namespace: 'empty' };
            }
            return undefined;
          });
          build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
        },
      },
    ],
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('runConformanceInBrowser: esbuild produced no bundle');
  return output.text;
}

const PAGE = '<!doctype html><meta charset="utf-8"><title>rnnkit conformance</title><script type="module" src="/bundle.js"></script>';

/** Serves the page, the bundle, and exactly the files in `allowed` under `/fs`. */
function serve(code: string, allowed: ReadonlySet<string>): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    if (url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    } else if (url === '/bundle.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
    } else if (url.startsWith('/fs/') && allowed.has(url.slice('/fs'.length))) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(fs.readFileSync(url.slice('/fs'.length)));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Evaluates `files` (absolute fixture paths) on `backend` inside headless Chromium and returns the
 * results in order with the page's summary. Throws with a clear message when Chromium is missing or the page fails.
 */
export async function runConformanceInBrowser(backend: 'webgl', files: readonly string[], options: BrowserRunOptions = {}): Promise<BrowserRun> {
  const { onResult, executablePath = process.env['CHROMIUM_PATH'] ?? DEFAULT_CHROMIUM, timeoutMs = 600_000, kernels = 'registered' } = options;
  if (!fs.existsSync(executablePath)) {
    throw new Error(`runConformanceInBrowser: no Chromium at ${executablePath}; install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  const absolute = files.map((f) => path.resolve(f));
  // Files other than fixtures beside them (an interop fixture's safetensors) are read by path.
  const dirs = [...new Set(absolute.map((f) => path.dirname(f)))];
  const extras = dirs.flatMap((d) =>
    fs.readdirSync(d).map((e) => path.join(d, e)).filter((p) => !p.endsWith('.json') && fs.statSync(p).isFile()),
  );
  const code = await bundle();
  const server = await serve(code, new Set([...absolute, ...extras]));
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true, timeout: 60_000 });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(timeoutMs);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    const results: FixtureResult[] = [];
    await page.exposeFunction('rnnkitReport', (r: FixtureResult) => {
      results.push(r);
      onResult?.(r);
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('runConformanceInBrowser: the server has no port');
    await page.goto(`http://127.0.0.1:${address.port}/`);
    await page.waitForFunction(() => typeof window.rnnkitRun === 'function', undefined, { timeout: 60_000 }).catch(() => {
      throw new Error(`runConformanceInBrowser: the page did not load: ${pageErrors.join('; ') || 'no error reported'}`);
    });
    const request: BrowserRunRequest = { backend, files: absolute, extras, kernels };
    const summary = await page.evaluate((r) => window.rnnkitRun(r), request);
    return { results, summary };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

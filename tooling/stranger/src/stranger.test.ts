// What a stranger does with the published packages: pack every public package, npm-install the
// tarballs (TensorFlow.js from the registry) into an app outside the workspace, run one model
// check as ESM and as CommonJS, type-check it strictly three ways, bundle it for the browser and
// run it in Chromium under a strict Content-Security-Policy, and hold the bundle to its budget.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const root = path.resolve(__dirname, '../../..');
const appSources = path.resolve(__dirname, '../app');
const fixtureFile = path.join(root, '..', 'shared', 'fixtures', 'reference', 'torch-rnn', 'lstm_packed_2layer_bi.json');
// npm's download cache survives between runs (ignored by git), so only the first run downloads.
const npmCache = path.join(root, 'node_modules', '.cache', 'stranger-npm');
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const require = createRequire(__filename);
const tscPath = require.resolve('typescript/bin/tsc');

/** Budget of the project's own code in a minified browser bundle, in bytes. */
const OWN_CODE_BUDGET = 150 * 1024;
/** Where a bundle must not reach: the parts of the tfjs union package the toolkit does not use. */
const FORBIDDEN = /@tensorflow[/+]tfjs-(layers|converter|data)/;

// The strictest CSP a page can have and still run WebAssembly: no `unsafe-eval`, no inline script.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

interface CheckResult {
  backend: string;
  outputShape: number[];
  forwardRatio: number;
  gradientRatio: number;
  leaked: number;
}

/** Runs a command to its end; independent steps run at once (downloads overlap the build). */
function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else reject(new Error(`${path.basename(command)} ${args.join(' ')} failed in ${cwd}:\n${stdout}${stderr}`.slice(0, 6000), { cause: error }));
    });
  });
}

function publicPackages(): string[] {
  const dir = path.join(root, 'packages');
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((p) => {
      const manifest = JSON.parse(fs.readFileSync(path.join(p, 'package.json'), 'utf8')) as { private?: boolean };
      return manifest.private !== true;
    });
}

/** Writes the app's sources in one module format: `.mts` or `.cts`, imports renamed to match. */
function writeSources(app: string, ext: 'mts' | 'cts' | 'ts'): void {
  const jsExt = { mts: 'mjs', cts: 'cjs', ts: 'js' }[ext];
  for (const file of fs.readdirSync(appSources)) {
    const text = fs.readFileSync(path.join(appSources, file), 'utf8').replace(/\.\/lstm_check\.js/g, `./lstm_check.${jsExt}`);
    fs.writeFileSync(path.join(app, 'src', file.replace(/\.ts$/, `.${ext}`)), text);
  }
}

function writeTsconfig(app: string, name: string, options: Record<string, unknown>, include: string[]): void {
  const compilerOptions = { strict: true, target: 'es2022', skipLibCheck: true, types: ['node'], lib: ['es2022', 'dom'], ...options };
  fs.writeFileSync(path.join(app, name), JSON.stringify({ compilerOptions, include }, null, 2));
}

function checkResult(result: CheckResult): void {
  expect(result.outputShape).toEqual([5, 4, 12]);
  expect(result.forwardRatio).toBeLessThanOrEqual(1);
  expect(result.gradientRatio).toBeLessThanOrEqual(1);
  expect(result.leaked).toBe(0);
}

function serve(dir: string, wasmDir: string): Promise<http.Server> {
  const files: Record<string, string> = {
    '/webgl.html': path.join(dir, 'webgl.html'),
    '/wasm.html': path.join(dir, 'wasm.html'),
    '/fixture.json': fixtureFile,
    '/webgl.js': path.join(dir, 'browser_webgl.js'),
    '/wasm.js': path.join(dir, 'browser_wasm.js'),
  };
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0] ?? '/';
    const file = url.startsWith('/wasm/') ? path.join(wasmDir, path.basename(url)) : files[url];
    if (file === undefined || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP }).end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('a stranger installs the packed packages', () => {
  test('ESM, CommonJS, strict TypeScript (node16 both ways, bundler), a browser bundle within budget, webgl and wasm under a strict CSP', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnkit-stranger-'));
    try {
      // 1. Build and pack every public package, as `pnpm publish` would; meanwhile a fresh app
      //    outside the workspace gets TensorFlow.js from the registry.
      const app = path.join(work, 'app');
      fs.mkdirSync(path.join(app, 'src'), { recursive: true });
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'stranger-app', private: true, version: '1.0.0' }));
      const npmInstall = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', `--cache=${npmCache}`];
      const fromRegistry = ['@tensorflow/tfjs-core@^4.22.0', '@tensorflow/tfjs-backend-wasm@^4.22.0'];
      await Promise.all([run('pnpm', ['turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'], root), run('npm', [...npmInstall, ...fromRegistry], app)]);
      const packs = path.join(work, 'packs');
      await Promise.all(publicPackages().map((dir) => run('pnpm', ['pack', '--pack-destination', packs], dir)));
      const tarballs = fs.readdirSync(packs).map((f) => path.join(packs, f));
      for (const tarball of tarballs) {
        const listing = (await run('tar', ['tzf', tarball], work)).split('\n');
        expect({ tarball: path.basename(tarball), readme: listing.includes('package/README.md'), license: listing.includes('package/LICENSE') }).toEqual({
          tarball: path.basename(tarball),
          readme: true,
          license: true,
        });
      }

      // 2. The tarballs into the app, as a stranger installs them before publication.
      await run('npm', [...npmInstall, ...tarballs, ...fromRegistry], app);

      // 3. Strict TypeScript: node16 as ESM (.mts) and as CommonJS (.cts), which also emits the
      //    two programs, and `moduleResolution: bundler` for the browser entries; then (4) Node runs
      //    the check as an ES module and as CommonJS without require(esm). The browser (5, 6) runs
      //    alongside.
      for (const ext of ['mts', 'cts', 'ts'] as const) writeSources(app, ext);
      const typeRoots = [path.join(__dirname, '..', 'node_modules', '@types')];
      writeTsconfig(app, 'tsconfig.node16.json', { module: 'node16', moduleResolution: 'node16', rootDir: 'src', outDir: 'out', typeRoots }, ['src/lstm_check.mts', 'src/lstm_check.cts', 'src/node_main.mts', 'src/node_main.cts']);
      writeTsconfig(app, 'tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler', noEmit: true, typeRoots }, ['src/lstm_check.ts', 'src/browser_webgl.ts', 'src/browser_wasm.ts']);
      const nodeRuns = run(process.execPath, [tscPath, '-p', 'tsconfig.node16.json'], app).then(() =>
        Promise.all([
          run(process.execPath, [path.join(app, 'out', 'node_main.mjs'), fixtureFile], app),
          run(process.execPath, ['--no-experimental-require-module', path.join(app, 'out', 'node_main.cjs'), fixtureFile], app),
        ]),
      );
      const bundlerCheck = run(process.execPath, [tscPath, '-p', 'tsconfig.bundler.json'], app);
      // Awaited below; until then a failure must not count as unhandled.
      nodeRuns.catch(() => undefined);
      bundlerCheck.catch(() => undefined);

      // 5. The browser: esbuild bundles the two pages; the metafile shows what went in.
      const site = path.join(app, 'site');
      const built = await esbuild.build({
        absWorkingDir: app,
        entryPoints: ['src/browser_webgl.ts', 'src/browser_wasm.ts'],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        outdir: site,
        metafile: true,
        logLevel: 'silent',
        // tfjs-backend-wasm's Emscripten glue names Node modules it loads only under Node.
        external: ['fs', 'path', 'worker_threads', 'os', 'url', 'crypto', 'perf_hooks', 'util'],
      });
      const outputs = Object.entries(built.metafile.outputs).filter(([file]) => file.endsWith('.js'));
      const webglOutput = outputs.find(([file]) => file.endsWith('browser_webgl.js'));
      if (webglOutput === undefined) throw new Error('esbuild wrote no browser_webgl.js');
      const inputs = Object.entries(webglOutput[1].inputs);
      const reached = inputs.map(([file]) => file).filter((file) => FORBIDDEN.test(file));
      const own = inputs.filter(([file]) => file.includes('node_modules/@rnnkit/')).reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
      const tfjs = inputs.filter(([file]) => file.includes('node_modules/@tensorflow/')).reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
      console.log(
        `stranger: ${tarballs.length} tarballs (ESM + CommonJS + types each); webgl app bundle ${(webglOutput[1].bytes / 1024).toFixed(1)} KB minified: ` +
          `rnnkit ${(own / 1024).toFixed(1)} KB, TensorFlow.js ${(tfjs / 1024).toFixed(1)} KB, ${inputs.length} modules, none from tfjs-layers/converter/data`,
      );
      expect(reached).toEqual([]);
      expect(own).toBeGreaterThan(0);
      expect(own).toBeLessThanOrEqual(OWN_CODE_BUDGET);

      // 6. Chromium, the page served with the CSP above: webgl, then wasm with rnnkit's kernels.
      for (const backend of ['webgl', 'wasm']) {
        fs.writeFileSync(path.join(site, `${backend}.html`), `<!doctype html><meta charset="utf-8"><title>stranger</title><body><script type="module" src="/${backend}.js"></script></body>`);
      }
      const wasmDir = path.join(app, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
      const server = await serve(site, wasmDir);
      const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
      try {
        const address = server.address();
        if (address === null || typeof address === 'string') throw new Error('no server address');
        const results: Record<string, CheckResult> = {};
        for (const backend of ['webgl', 'wasm']) {
          const page = await browser.newPage();
          const violations: string[] = [];
          page.on('console', (message) => {
            if (/Content Security Policy|unsafe-eval/i.test(message.text())) violations.push(message.text());
          });
          await page.goto(`http://127.0.0.1:${address.port}/${backend}.html`);
          await page.waitForFunction(() => document.body.hasAttribute('data-result') || document.body.hasAttribute('data-error'), undefined, { timeout: 120_000 });
          const error = await page.evaluate(() => document.body.getAttribute('data-error'));
          expect({ backend, error, violations }).toEqual({ backend, error: null, violations: [] });
          results[backend] = JSON.parse((await page.evaluate(() => document.body.getAttribute('data-result'))) ?? '{}') as CheckResult;
          await page.close();
        }
        for (const [backend, result] of Object.entries(results)) {
          expect(result.backend).toBe(backend);
          checkResult(result);
        }
      } finally {
        await browser.close();
        server.close();
      }
      await bundlerCheck;
      for (const output of await nodeRuns) {
        const result = JSON.parse(output) as CheckResult & { setup: string };
        expect(result.setup).toBe('wasm');
        checkResult(result);
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 360_000);
});

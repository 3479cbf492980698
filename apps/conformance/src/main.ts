// `pnpm conformance [--json] [--backend NAME] PATH...`: runs reference fixtures through the
// public API and reports each against its tolerances.
import * as path from 'node:path';
import { findFixtureFiles, loadFixture, useBackend } from '@rnnkit/testing';
import type { FixtureResult } from './evaluate.js';
import { evaluateFixture } from './evaluate.js';
import { runConformanceInBrowser } from './browser/run_in_browser.js';

interface Args {
  json: boolean;
  backend: string;
  kernels: 'typed' | 'portable';
  paths: string[];
}

const USAGE = 'usage: pnpm conformance [--json] [--backend cpu|wasm|webgl] [--kernels typed|portable] PATH...';

function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, backend: 'wasm', kernels: 'typed', paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--json') args.json = true;
    else if (a === '--backend') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`--backend needs a name\n${USAGE}`);
      args.backend = value;
    } else if (a.startsWith('--backend=')) args.backend = a.slice('--backend='.length);
    else if (a === '--kernels') {
      const value = argv[++i];
      if (value !== 'typed' && value !== 'portable') throw new Error(`--kernels must be typed or portable\n${USAGE}`);
      args.kernels = value;
    }
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown flag ${a}\n${USAGE}`);
    else args.paths.push(a);
  }
  if (args.paths.length === 0) throw new Error(`no fixture paths given\n${USAGE}`);
  return args;
}

function formatLine(r: FixtureResult): string {
  const ratio = Number.isFinite(r.worst_ratio) ? r.worst_ratio.toFixed(3) : String(r.worst_ratio);
  const tail = r.status === 'pass' ? `worst ${r.worst} ratio ${ratio}` : r.message;
  return `${r.status.toUpperCase().padEnd(11)} ${r.fixture}  ${tail}`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  // pnpm runs scripts in the package folder; paths are meant relative to where the user stood.
  const base = process.env['INIT_CWD'] ?? process.cwd();
  const files = findFixtureFiles(args.paths.map((p) => path.resolve(base, p)));
  let passed = 0;
  let failed = 0;
  const report = (result: FixtureResult): void => {
    if (result.status === 'pass') passed++;
    else failed++;
    console.log(args.json ? JSON.stringify(result) : formatLine(result));
  };
  if (args.backend === 'webgl') {
    // The same evaluation, bundled and run in headless Chromium on WebGL (browser/run_in_browser.ts).
    // `--kernels portable` removes the project's WebGL kernels, as it skips the typed ones in Node.
    const { results, summary } = await runConformanceInBrowser('webgl', files, { onResult: report, kernels: args.kernels === 'typed' ? 'registered' : 'portable' });
    if (!args.json) console.log(`${summary.setup}; the project's WebGL kernels: ${summary.projectKernels.join(', ') || 'none'}`);
    if (results.length !== files.length) throw new Error(`the browser reported ${results.length} of ${files.length} fixtures`);
  } else {
    // The typed-array kernels are what a Node user runs on cpu and wasm; `--kernels portable` checks
    // the portable implementation built from tfjs ops instead.
    if (args.kernels === 'typed') await import('@rnnkit/backend-cpu-wasm');
    await useBackend(args.backend);
    for (const file of files) {
      let result: FixtureResult;
      try {
        result = evaluateFixture(loadFixture(file));
      } catch (e) {
        result = { fixture: path.basename(file), status: 'error', worst: '', worst_ratio: 0, message: e instanceof Error ? e.message : String(e) };
      }
      report(result);
    }
  }
  if (!args.json) console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  },
);

// `pnpm conformance [--json] [--backend NAME] PATH...`: runs reference fixtures through the
// public API and reports each against its tolerances.
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setupNodeBackend } from '@rnnkit/backend-node';
import { cpuKernelConfigs, wasmKernelConfigs } from '@rnnkit/backend-cpu-wasm/base';
import type { FlagSpec } from '@rnnkit/cli';
import { oneOf, parseCommandLine, stringFlag } from '@rnnkit/cli';
import { findFixtureFiles, loadFixture } from '@rnnkit/testing';
import type { FixtureResult } from './evaluate.js';
import { evaluateFixture } from './evaluate.js';
import { runConformanceInBrowser } from './browser/run_in_browser.js';

interface Args {
  json: boolean;
  backend: 'cpu' | 'wasm' | 'webgl';
  kernels: 'typed' | 'portable';
  paths: string[];
}

const USAGE = 'usage: pnpm conformance [--json] [--backend cpu|wasm|webgl] [--kernels typed|portable] PATH...  (--flag value or --flag=value)';

/** The flags; a new one is a line here and its conversion below. */
const FLAGS = {
  json: { type: 'boolean' },
  backend: { type: 'string' },
  kernels: { type: 'string' },
} as const satisfies Record<string, FlagSpec>;

function parseArgs(argv: string[]): Args {
  const { values, positionals } = parseCommandLine(argv, FLAGS);
  if (values['help'] === true) {
    console.log(USAGE);
    process.exit(0);
  }
  const args: Args = {
    json: values['json'] === true,
    backend: oneOf('--backend', stringFlag(values, 'backend', 'wasm'), ['cpu', 'wasm', 'webgl'] as const),
    kernels: oneOf('--kernels', stringFlag(values, 'kernels', 'typed'), ['typed', 'portable'] as const),
    paths: positionals,
  };
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
    const setup = await setupNodeBackend({ prefer: args.backend });
    if (setup.backend !== args.backend) throw new Error(`--backend ${args.backend} did not start: ${setup.reason}`);
    if (args.kernels === 'portable') {
      for (const config of [...cpuKernelConfigs, ...wasmKernelConfigs]) tf.unregisterKernel(config.kernelName, config.backendName);
    }
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

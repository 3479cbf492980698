// The page side of the browser conformance run: fetches the fixtures into the virtual file
// system, starts the requested backend and evaluates every fixture with the same code as Node.
import * as tf from '@tensorflow/tfjs-core';
import { setupWebglBackend, webglKernelConfigs } from '@rnnkit/backend-webgl';
import { loadFixture } from '@rnnkit/testing';
import type { FixtureResult } from '../evaluate.js';
import { evaluateFixture } from '../evaluate.js';
import type { BrowserRunRequest, BrowserRunSummary } from './browser_protocol.js';
import { addFile } from './virtual_fs.js';

declare global {
  interface Window {
    rnnkitReport(result: FixtureResult): Promise<void>;
    rnnkitRun(request: BrowserRunRequest): Promise<BrowserRunSummary>;
  }
}

async function fetchInto(path: string): Promise<void> {
  const response = await fetch(`/fs${path}`);
  if (!response.ok) throw new Error(`fetching ${path}: HTTP ${response.status}`);
  addFile(path, new Uint8Array(await response.arrayBuffer()));
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The fused operations whose registered WebGL kernel is the project's own. */
function projectKernels(): string[] {
  return webglKernelConfigs.filter((c) => tf.getKernel(c.kernelName, 'webgl')?.kernelFunc === c.kernelFunc).map((c) => c.kernelName);
}

window.rnnkitRun = async (request: BrowserRunRequest): Promise<BrowserRunSummary> => {
  tf.env().set('PROD', true);
  await Promise.all([...request.files, ...request.extras].map(fetchInto));
  if (request.backend !== 'webgl') throw new Error(`unknown browser backend ${request.backend}`);
  if (request.kernels === 'portable') {
    for (const name of projectKernels()) tf.unregisterKernel(name, 'webgl');
  }
  const setup = await setupWebglBackend();
  for (const file of request.files) {
    let result: FixtureResult;
    try {
      result = evaluateFixture(loadFixture(file));
    } catch (e) {
      result = { fixture: basename(file), status: 'error', worst: '', worst_ratio: 0, message: e instanceof Error ? e.message : String(e) };
    }
    await window.rnnkitReport(result);
  }
  return { setup: `webgl ${setup.webglVersion}, float32 ${setup.float32}`, projectKernels: projectKernels() };
};

// The page side of the browser conformance run: fetches the fixtures into the virtual file
// system, starts the requested backend and evaluates every fixture with the same code as Node.
import * as tf from '@tensorflow/tfjs-core';
import { setupWebglBackend } from '@rnnkit/backend-webgl';
import { loadFixture } from '@rnnkit/testing';
import type { FixtureResult } from '../evaluate.js';
import { evaluateFixture } from '../evaluate.js';
import type { BrowserRunRequest } from './browser_protocol.js';
import { addFile } from './virtual_fs.js';

declare global {
  interface Window {
    rnnkitReport(result: FixtureResult): Promise<void>;
    rnnkitRun(request: BrowserRunRequest): Promise<string>;
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

window.rnnkitRun = async (request: BrowserRunRequest): Promise<string> => {
  tf.env().set('PROD', true);
  await Promise.all([...request.files, ...request.extras].map(fetchInto));
  if (request.backend !== 'webgl') throw new Error(`unknown browser backend ${request.backend}`);
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
  return `webgl ${setup.webglVersion}, float32 ${setup.float32}`;
};

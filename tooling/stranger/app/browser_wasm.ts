// The check in a browser page on wasm with rnnkit's cpu/wasm kernels registered.
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@rnnkit/backend-cpu-wasm';
import type { Fixture } from './lstm_check.js';
import { checkLstm } from './lstm_check.js';

async function main(): Promise<string> {
  // The page serves the backend's .wasm files from /wasm/.
  setWasmPaths('/wasm/');
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm did not start');
  const fixture = (await (await fetch('/fixture.json')).json()) as Fixture;
  return JSON.stringify(checkLstm(fixture));
}

main().then(
  (result) => document.body.setAttribute('data-result', result),
  (e: unknown) => document.body.setAttribute('data-error', String(e)),
);

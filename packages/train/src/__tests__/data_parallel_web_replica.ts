// The replica module of the browser data-parallel test: the test model on the wasm backend, set
// up in whichever thread imports it (the page or a Web Worker).
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@rnnkit/backend-cpu-wasm';
import type { Replica } from '../replica.js';
import type { ReplicaOptions } from './data_parallel_model.js';
import { lstmRegression } from './data_parallel_model.js';

/** The test model (see `lstmRegression`) on wasm, its .wasm files served from /wasm/. */
export async function createReplica(options: ReplicaOptions): Promise<Replica> {
  if (tf.getBackend() !== 'wasm') {
    tf.env().set('PROD', true);
    // In a cross-origin isolated page tfjs would pick its threaded build, whose shared memory our
    // SIMD kernels do not run on; the threads here are DataParallel's, one backend thread each.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths('/wasm/');
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
  }
  return lstmRegression(options);
}

// The replica module of the data-parallel tests in Node: the test model on the wasm backend.
import '@rnnkit/backend-cpu-wasm';
import { useBackend } from '@rnnkit/testing';
import type { Replica } from '../replica.js';
import type { ReplicaOptions } from './data_parallel_model.js';
import { lstmRegression } from './data_parallel_model.js';

export type { ReplicaOptions } from './data_parallel_model.js';

/** The test model (see `lstmRegression`) on wasm. */
export async function createReplica(options: ReplicaOptions): Promise<Replica> {
  await useBackend('wasm');
  return lstmRegression(options);
}

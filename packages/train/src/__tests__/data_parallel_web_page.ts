// The page side of data_parallel_web.test.ts: trains the test model with the browser's
// DataParallel (2 Web Workers and the page's thread) and with the one-thread Trainer, in the page.
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import type { Replica } from '../replica.js';
import { Trainer, adam } from '../index.js';
import { DataParallel } from '../web.js';
import { regressionBatch } from './data_parallel_model.js';
import type { PageCase, PageOneThread, PageRefusal, PageResult, PageRun, PageSpeed } from './data_parallel_web_protocol.js';
import { createReplica } from './data_parallel_web_replica.js';

declare global {
  interface Window {
    rnnkitDataParallel: (c: PageCase) => Promise<PageResult>;
    rnnkitDataParallelRefusal: (c: PageCase) => Promise<PageRefusal>;
    rnnkitDataParallelOneThread: (c: PageCase) => Promise<PageOneThread>;
    rnnkitDataParallelFailure: (c: PageCase, worker: string) => Promise<string>;
    rnnkitDataParallelSpeed: (c: PageCase, warmup: number) => Promise<PageSpeed>;
  }
}

// Served beside the page: the replica module and the worker script, entries of one split bundle
// (the worker also as web-worker.mjs, where DataParallel looks when not given one).
const MODULE = '/replica.js';
const WORKER = '/worker.js';

const snapshot = (variables: Readonly<Record<string, tf.Variable>>): Record<string, number[]> =>
  Object.fromEntries(Object.entries(variables).map(([n, v]) => [n, Array.from(v.dataSync())]));

/** `c.steps` Adam steps, clipped, from the weights the variables hold now; `step` takes one. */
async function train(c: PageCase, variables: Readonly<Record<string, tf.Variable>>, step: (t: Trainer, b: Record<string, tf.Tensor>) => Promise<number>): Promise<PageRun> {
  const trainer = new Trainer({ variables, optimizer: adam({ learningRate: 0.05 }), clipNorm: 1 });
  const losses: number[] = [];
  const counts: number[] = [];
  for (let k = 0; k < c.steps; k++) {
    const b = regressionBatch(c.options, k, c.T, c.lengths);
    losses.push(await step(trainer, b));
    tf.dispose(Object.values(b));
    counts.push(tf.memory().numTensors);
  }
  trainer.optimizer.dispose();
  return { losses, weights: snapshot(variables), counts };
}

/** `c.steps` steps of the plain Trainer on one replica, the reference of every run. */
async function referenceRun(c: PageCase): Promise<{ initial: Record<string, number[]>; run: PageRun }> {
  const reference: Replica = await createReplica(c.options);
  const initial = snapshot(reference.variables);
  const run = await train(c, reference.variables, async (t, b) => t.trainStep(() => reference.loss(b)).loss);
  reference.dispose?.();
  return { initial, run };
}

window.rnnkitDataParallel = async (c) => {
  const reference = await referenceRun(c);
  // No `worker`: the default, web-worker.mjs beside the module of DataParallel (here the bundle's root).
  const parallel = await DataParallel.start({ module: MODULE, replicaOptions: c.options, threads: c.threads });
  const initial = snapshot(parallel.variables);
  const runs: PageRun[] = [];
  for (let r = 0; r < 2; r++) {
    for (const [n, v] of Object.entries(parallel.variables)) v.assign(tf.tensor(initial[n] as number[], v.shape));
    runs.push(await train(c, parallel.variables, async (t, b) => (await parallel.trainStep(t, b)).loss));
  }
  const closeCodes = await parallel.close();
  return { crossOriginIsolated, backend: tf.getBackend(), initial, referenceInitial: reference.initial, reference: reference.run, runs, closeCodes };
};

window.rnnkitDataParallelOneThread = async (c) => {
  const reference = await referenceRun(c);
  const parallel = await DataParallel.start({ module: MODULE, worker: WORKER, replicaOptions: c.options, threads: 1 });
  const run = await train(c, parallel.variables, async (t, b) => (await parallel.trainStep(t, b)).loss);
  return { crossOriginIsolated, reference: reference.run, parallel: run, closeCodes: await parallel.close() };
};

window.rnnkitDataParallelFailure = async (c, worker) => {
  try {
    const parallel = await DataParallel.start({ module: MODULE, worker, replicaOptions: c.options, threads: c.threads });
    await parallel.close();
    return 'DataParallel.start did not fail';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
};

window.rnnkitDataParallelRefusal = async (c) => {
  try {
    const parallel = await DataParallel.start({ module: MODULE, worker: WORKER, replicaOptions: c.options, threads: c.threads });
    await parallel.close();
    throw new Error('DataParallel.start did not refuse');
  } catch (e) {
    return { crossOriginIsolated, isInputError: e instanceof InputError, argument: (e as { argument?: string }).argument, message: e instanceof Error ? e.message : String(e) };
  }
};

// For data_parallel_web_speed.ts: `c.steps` steps on one batch, timed after `warmup` untimed ones.
window.rnnkitDataParallelSpeed = async (c, warmup) => {
  const parallel = await DataParallel.start({ module: MODULE, worker: WORKER, replicaOptions: c.options, threads: c.threads });
  const trainer = new Trainer({ variables: parallel.variables, optimizer: adam({ learningRate: 1e-3 }) });
  const b = regressionBatch(c.options, 0, c.T, c.lengths);
  for (let k = 0; k < warmup; k++) await parallel.trainStep(trainer, b);
  const start = performance.now();
  for (let k = 0; k < c.steps; k++) await parallel.trainStep(trainer, b);
  const msPerStep = (performance.now() - start) / c.steps;
  tf.dispose(Object.values(b));
  trainer.optimizer.dispose();
  await parallel.close();
  return { threads: c.threads, msPerStep };
};

// Data-parallel training over worker threads: the 2-thread step against the one-thread Trainer
// step, the same bits twice, no leaks, clean shutdown, bad input refused.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import { useBackend } from '@rnnkit/testing';
import { Trainer, adam } from '../index.js';
import { DataParallel } from '../node.js';
import type { ReplicaOptions } from './data_parallel_model.js';
import { regressionBatch } from './data_parallel_model.js';
import { createReplica } from './data_parallel_replica.js';

const OPTIONS: ReplicaOptions = { inputSize: 3, hiddenSize: 6, outputs: 2 };
const MODULE = pathToFileURL(path.join(__dirname, 'data_parallel_replica.ts'));
const T = 5;
const LENGTHS = [5, 2, 4, 5, 1];
const N = LENGTHS.length; // shards of 3 and 2 samples: unequal weights are part of the test
const STEPS = 3;

/** Batch `k`: inputs, targets and lengths, deterministic in k. */
function batch(k: number): Record<string, tf.Tensor> {
  return regressionBatch(OPTIONS, k, T, LENGTHS);
}

function snapshot(variables: Readonly<Record<string, tf.Variable>>): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(variables).map(([n, v]) => [n, v.dataSync() as Float32Array]));
}

let parallel: DataParallel;
let initial: Record<string, Float32Array>;

beforeAll(async () => {
  await useBackend('wasm');
  parallel = await DataParallel.start({ module: MODULE, replicaOptions: OPTIONS, threads: 2 });
  initial = snapshot(parallel.variables);
}, 60_000);

afterAll(async () => {
  await parallel.close();
});

/** STEPS 2-thread Adam steps from the initial weights: losses, weights, and live tensors after each step. */
async function parallelRun(): Promise<{ losses: number[]; weights: Record<string, Float32Array>; counts: number[] }> {
  for (const [n, v] of Object.entries(parallel.variables)) v.assign(tf.tensor(initial[n] as Float32Array, v.shape));
  const trainer = new Trainer({ variables: parallel.variables, optimizer: adam({ learningRate: 0.05 }), clipNorm: 1 });
  const losses: number[] = [];
  const counts: number[] = [];
  for (let k = 0; k < STEPS; k++) {
    const b = batch(k);
    losses.push((await parallel.trainStep(trainer, b)).loss);
    tf.dispose(Object.values(b));
    counts.push(tf.memory().numTensors);
  }
  trainer.optimizer.dispose();
  return { losses, weights: snapshot(parallel.variables), counts };
}

describe('DataParallel', () => {
  it('takes the one-thread step within float32 summation order, the same bits twice, without leaks', async () => {
    // The reference: the plain Trainer on one replica with the whole batch.
    const reference = await createReplica(OPTIONS);
    const trainer = new Trainer({ variables: reference.variables, optimizer: adam({ learningRate: 0.05 }), clipNorm: 1 });
    const referenceLosses: number[] = [];
    for (let k = 0; k < STEPS; k++) {
      const b = batch(k);
      referenceLosses.push(trainer.trainStep(() => reference.loss(b)).loss);
      tf.dispose(Object.values(b));
    }
    const expected = snapshot(reference.variables);
    expect(Object.keys(expected).sort()).toEqual(Object.keys(initial).sort());
    trainer.optimizer.dispose();
    reference.dispose?.();

    const first = await parallelRun();
    const second = await parallelRun();
    first.losses.forEach((l, k) => expect(Math.abs(l - (referenceLosses[k] as number))).toBeLessThan(1e-5 * Math.abs(referenceLosses[k] as number)));
    let moved = 0;
    for (const [name, want] of Object.entries(expected)) {
      const got = first.weights[name] as Float32Array;
      const start = initial[name] as Float32Array;
      want.forEach((w, j) => {
        expect(Math.abs((got[j] as number) - w)).toBeLessThan(1e-5 + 1e-4 * Math.abs(w));
        moved = Math.max(moved, Math.abs(w - (start[j] as number)));
      });
      expect(second.weights[name]).toEqual(got);
    }
    // The steps moved the weights far beyond the tolerance: the comparison is not vacuous.
    expect(moved).toBeGreaterThan(0.05);
    expect(second.losses).toEqual(first.losses);
    expect(second.counts[STEPS - 1]).toBe(second.counts[0]);
    expect(first.counts[STEPS - 1]).toBe(first.counts[0]);
  }, 60_000);

  it('refuses bad input with InputError', async () => {
    const trainer = new Trainer({ variables: parallel.variables, optimizer: adam() });
    const b = batch(0);
    await expect(DataParallel.start({ module: 'relative/replica.ts' })).rejects.toThrow(InputError);
    await expect(DataParallel.start({ module: MODULE, threads: 0 })).rejects.toThrow(/threads must be an integer in \[1, 1024\], got 0/);
    await expect(DataParallel.start({ module: MODULE, thread: 2 } as never)).rejects.toThrow(/unknown option "thread"/);
    await expect(DataParallel.start({ module: pathToFileURL(path.join(__dirname, '..', 'split_batch.ts')) })).rejects.toThrow(/module must export a function createReplica/);
    await expect(parallel.trainStep(trainer, { ...b, y: tf.zeros([T, N + 1, 2]) })).rejects.toThrow(/batch.y has 6 samples on axis 1, batch.x has 5/);
    await expect(parallel.trainStep(trainer, { ...b, y: tf.zeros([T, N, 2], 'bool') })).rejects.toThrow(InputError);
    await expect(parallel.trainStep(trainer, {})).rejects.toThrow(/batch must be a non-empty object/);
    const other = new Trainer({ variables: { w: tf.variable(tf.zeros([2])) }, optimizer: adam() });
    await expect(parallel.trainStep(other, b)).rejects.toThrow(/trainer must train this DataParallel's variables/);
    tf.dispose(Object.values(b));
    other.optimizer.dispose();
    trainer.optimizer.dispose();
  });

  it('lets the process end, closed or not', async () => {
    // A child process: jest itself would keep a process alive that DataParallel should not.
    const cli = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
    const script = path.join(__dirname, 'data_parallel_exit.ts');
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, [cli, script], { timeout: 50_000 }, (_e, out) => resolve({ code: child.exitCode, stdout: out }));
    });
    const lines = stdout.trim().split('\n');
    expect(JSON.parse(lines[0] ?? '')).toEqual({ loss: expect.any(Number), codes: [0] });
    expect(lines[1]).toBe('left open');
    expect(code).toBe(0);
  }, 60_000);

  it('closes its worker threads cleanly', async () => {
    const trainer = new Trainer({ variables: parallel.variables, optimizer: adam() });
    const codes = await parallel.close();
    expect(codes).toEqual([0]);
    await expect(parallel.close()).resolves.toEqual([0]);
    await expect(parallel.trainStep(trainer, batch(0))).rejects.toThrow(/closed/);
  });
});

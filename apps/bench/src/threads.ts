// `pnpm bench --threads N`: a training step on N threads (`DataParallel`) against one, per case.
import * as tf from '@tensorflow/tfjs-core';
import { DataParallel } from '@rnnkit/train/node';
import { Trainer, sgd } from '@rnnkit/train';
import type { RecurrentCase } from './cases.js';
import { median, timeMs, warmUp } from './stats.js';
import type { ThreadsReplicaOptions } from './threads_replica.js';

export interface ThreadsReport {
  case: string;
  backend: string;
  threads: number;
  one_thread_ms: number;
  threads_ms: number;
  /** The median over repetitions of one thread's time over N threads' time, each pair taken back to back. */
  speedup: number;
  /**
   * CPU time (every thread of the process) of an N-thread step over a one-thread step: the work
   * the split adds. Unlike the wall times it holds on a loaded machine, where other processes
   * take the cores the threads would use.
   */
  cpu_ratio: number;
  leaked_tensors_per_step: number;
}

export const THREADS_HEADER = ['case'.padEnd(22), '1 thread'.padEnd(10), 'N threads'.padEnd(10), 'speedup'.padEnd(8), 'cpu ratio'.padEnd(10), 'leaks'].join(' ');

/** CPU milliseconds (user and system, all threads) since `from`. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/**
 * Both sides train the same variables with plain SGD: one thread through `Trainer.trainStep` on
 * the whole batch, N threads through `DataParallel.trainStep`, alternating, after warm-ups.
 */
export async function benchThreads(c: RecurrentCase, backend: string, threads: number, repetitions: number): Promise<ThreadsReport> {
  const replicaOptions: ThreadsReplicaOptions = { backend, case: c };
  const parallel = await DataParallel.start({ module: new URL('./threads_replica.ts', import.meta.url), replicaOptions, threads });
  try {
    const outputSize = c.hiddenSize * (c.bidirectional ? 2 : 1);
    const batch = {
      x: tf.randomNormal([c.steps, c.batch, c.inputSize], 0, 1, 'float32', 1),
      cotangent: tf.randomNormal([c.steps, c.batch, outputSize], 0, 1, 'float32', 2),
    };
    // A tiny rate keeps the weights where they started, so both sides time the same work.
    const trainer = new Trainer({ variables: parallel.variables, optimizer: sgd({ learningRate: 1e-9 }) });
    const one = (): void => {
      trainer.trainStep(() => parallel.replica.loss(batch));
    };
    const many = async (): Promise<number> => {
      const started = performance.now();
      await parallel.trainStep(trainer, batch);
      return performance.now() - started;
    };
    warmUp(one, { minCalls: 2, minMs: 1000, maxCalls: 4 });
    for (let i = 0; i < 2; i++) await many();
    const counts = [tf.memory().numTensors];
    const oneMs: number[] = [];
    const manyMs: number[] = [];
    const cpuRatios: number[] = [];
    for (let r = 0; r < repetitions; r++) {
      const oneCpu = process.cpuUsage();
      oneMs.push(timeMs(one));
      const oneCpuMs = cpuMs(oneCpu);
      const manyCpu = process.cpuUsage();
      manyMs.push(await many());
      cpuRatios.push(cpuMs(manyCpu) / oneCpuMs);
      counts.push(tf.memory().numTensors);
    }
    trainer.optimizer.dispose();
    tf.dispose(Object.values(batch));
    return {
      case: c.name,
      backend,
      threads,
      one_thread_ms: round(median(oneMs), 1),
      threads_ms: round(median(manyMs), 1),
      speedup: round(median(oneMs.map((t, r) => t / (manyMs[r] as number)))),
      cpu_ratio: round(median(cpuRatios)),
      leaked_tensors_per_step: ((counts[counts.length - 1] ?? 0) - (counts[0] ?? 0)) / Math.max(1, counts.length - 1),
    };
  } finally {
    await parallel.close();
  }
}

export function formatThreadsRow(r: ThreadsReport): string {
  return [r.case.padEnd(22), String(r.one_thread_ms).padEnd(10), String(r.threads_ms).padEnd(10), String(r.speedup).padEnd(8), String(r.cpu_ratio).padEnd(10), String(r.leaked_tensors_per_step)].join(' ');
}

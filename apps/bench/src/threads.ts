// `pnpm bench --threads N`: a training step on N threads (`DataParallel`) against one, per case.
import * as fs from 'node:fs';
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
  /**
   * CPU time of a one-thread step on one shard's samples (the batch over N, rounded up) over the
   * whole batch's: 1 / N when a step's cost is all per sample, more by the per-step fixed cost
   * (matmul dispatch, kernel calls, allocations) that does not shrink with the batch.
   */
  shard_cpu_share: number;
  /**
   * Where an N-thread step's CPU time goes, in ms, from Linux's per-thread counters (absent
   * elsewhere): the calling thread (its shard, the weights out, the split, the reduction, the
   * optimizer step), each worker on average (its shard, the weights in, the gradients out; the
   * N - 1 busiest other threads), and the rest (V8's garbage collection and compilation threads).
   */
  thread_cpu?: { main_ms: number; worker_ms: number; background_ms: number; one_thread_background_ms: number };
}

export const THREADS_HEADER = [
  'case'.padEnd(22), '1 thread'.padEnd(10), 'N threads'.padEnd(10), 'speedup'.padEnd(8), 'cpu ratio'.padEnd(10), 'leaks'.padEnd(6),
  'shard cpu share'.padEnd(16), 'cpu ms: main / worker / background (1 thread: background)',
].join(' ');

/** CPU milliseconds (user and system, all threads) since `from`. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
}

/** CPU milliseconds so far of every thread of this process, by thread id; undefined off Linux. */
function threadCpuMs(): Map<string, number> | undefined {
  try {
    const times = new Map<string, number>();
    for (const tid of fs.readdirSync('/proc/self/task')) {
      // schedstat's first field: nanoseconds on a CPU. A thread may exit between the two reads.
      const text = fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8');
      times.set(tid, Number(text.split(' ')[0]) / 1e6);
    }
    return times;
  } catch {
    return undefined;
  }
}

/** Splits the CPU time between two reads into the calling thread, the `workers` busiest others, and the rest. */
function splitThreadCpu(before: Map<string, number>, after: Map<string, number>, workers: number): { main: number; workers: number[]; background: number } {
  const main = String(process.pid);
  const others: number[] = [];
  let mainMs = 0;
  for (const [tid, ms] of after) {
    const spent = ms - (before.get(tid) ?? 0);
    if (tid === main) mainMs = spent;
    else others.push(spent);
  }
  others.sort((a, b) => b - a);
  const background = others.slice(workers).reduce((a, b) => a + b, 0);
  return { main: mainMs, workers: others.slice(0, workers), background };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

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
    // The first shard's samples: what the calling thread computes in an N-thread step.
    const shardSize = Math.ceil(c.batch / threads);
    const shard = { x: batch.x.slice([0, 0, 0], [-1, shardSize, -1]), cotangent: batch.cotangent.slice([0, 0, 0], [-1, shardSize, -1]) };
    // A tiny rate keeps the weights where they started, so both sides time the same work.
    const trainer = new Trainer({ variables: parallel.variables, optimizer: sgd({ learningRate: 1e-9 }) });
    const stepOn = (b: typeof batch) => (): void => {
      trainer.trainStep(() => parallel.replica.loss(b));
    };
    const one = stepOn(batch);
    const oneShard = stepOn(shard);
    const many = async (): Promise<number> => {
      const started = performance.now();
      await parallel.trainStep(trainer, batch);
      return performance.now() - started;
    };
    warmUp(one, { minCalls: 2, minMs: 1000, maxCalls: 4 });
    oneShard();
    for (let i = 0; i < 2; i++) await many();
    const counts = [tf.memory().numTensors];
    const oneMs: number[] = [];
    const manyMs: number[] = [];
    const cpuRatios: number[] = [];
    const shardShares: number[] = [];
    const split = { main: [] as number[], worker: [] as number[], background: [] as number[], oneBackground: [] as number[] };
    for (let r = 0; r < repetitions; r++) {
      const oneCpu = process.cpuUsage();
      const oneThreads = threadCpuMs();
      oneMs.push(timeMs(one));
      const oneCpuMs = cpuMs(oneCpu);
      const oneAfter = threadCpuMs();
      const manyCpu = process.cpuUsage();
      manyMs.push(await many());
      cpuRatios.push(cpuMs(manyCpu) / oneCpuMs);
      const manyAfter = threadCpuMs();
      counts.push(tf.memory().numTensors);
      const shardCpu = process.cpuUsage();
      oneShard();
      shardShares.push(cpuMs(shardCpu) / oneCpuMs);
      if (oneThreads !== undefined && oneAfter !== undefined && manyAfter !== undefined) {
        split.oneBackground.push(splitThreadCpu(oneThreads, oneAfter, 0).background);
        const parts = splitThreadCpu(oneAfter, manyAfter, threads - 1);
        split.main.push(parts.main);
        split.worker.push(mean(parts.workers));
        split.background.push(parts.background);
      }
    }
    trainer.optimizer.dispose();
    tf.dispose([...Object.values(batch), ...Object.values(shard)]);
    return {
      case: c.name,
      backend,
      threads,
      one_thread_ms: round(median(oneMs), 1),
      threads_ms: round(median(manyMs), 1),
      speedup: round(median(oneMs.map((t, r) => t / (manyMs[r] as number)))),
      cpu_ratio: round(median(cpuRatios)),
      leaked_tensors_per_step: ((counts[counts.length - 1] ?? 0) - (counts[0] ?? 0)) / Math.max(1, counts.length - 1),
      shard_cpu_share: round(median(shardShares)),
      ...(split.main.length === 0 ? {} : {
        thread_cpu: {
          main_ms: round(median(split.main), 0),
          worker_ms: round(median(split.worker), 0),
          background_ms: round(median(split.background), 0),
          one_thread_background_ms: round(median(split.oneBackground), 0),
        },
      }),
    };
  } finally {
    await parallel.close();
  }
}

export function formatThreadsRow(r: ThreadsReport): string {
  const t = r.thread_cpu;
  return [
    r.case.padEnd(22), String(r.one_thread_ms).padEnd(10), String(r.threads_ms).padEnd(10), String(r.speedup).padEnd(8), String(r.cpu_ratio).padEnd(10),
    String(r.leaked_tensors_per_step).padEnd(6), String(r.shard_cpu_share).padEnd(16),
    t === undefined ? '-' : `${t.main_ms} / ${t.worker_ms} / ${t.background_ms} (${t.one_thread_background_ms})`,
  ].join(' ');
}

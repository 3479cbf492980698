// Data-parallel training, whatever runs the threads: shards out, gradients back and reduced in a
// fixed order, one Trainer step (internal; Node's and the browser's DataParallel extend it).
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkInteger, describeValue } from '@rnnkit/core';
import type { FromWorker, ShardEntry, ToWorker, VariableLayout } from './data_parallel_protocol.js';
import type { Replica } from './replica.js';
import { shardGradients } from './shard_gradients.js';
import { splitBatch } from './split_batch.js';
import type { ThreadTransport, WorkerThread } from './thread_transport.js';
import type { StepResult } from './trainer.js';
import { Trainer } from './trainer.js';

/** What a platform's `DataParallel.start` hands over once it has checked its own options. */
export interface ThreadSetup {
  /** The replica module's URL, absolute. */
  readonly moduleUrl: string;
  readonly replicaOptions: unknown;
  readonly threads: number;
  readonly batchAxes: Readonly<Record<string, number>>;
  /** Builds the calling thread's replica. */
  readonly loadReplica: (fn: string, moduleUrl: string, options: unknown) => Promise<Replica>;
  readonly transport: ThreadTransport;
}

/** The parts a started `DataParallel` is made of. */
export interface DataParallelParts {
  readonly replica: Replica;
  readonly threads: number;
  readonly layout: VariableLayout[];
  readonly weights: Float32Array;
  readonly slots: WorkerSlot[];
  readonly batchAxes: Readonly<Record<string, number>>;
}

interface WorkerSlot {
  readonly thread: WorkerThread;
  readonly gradients: Float32Array;
  pending: { resolve(m: FromWorker): void; reject(e: Error): void } | undefined;
  failure: Error | undefined;
}

const START = 'DataParallel.start';

/** Checks the options every platform shares: `threads` (defaulting to `defaultThreads`) and `batchAxes`. */
export function checkSharedOptions(options: { threads?: unknown; batchAxes?: unknown }, defaultThreads: number): { threads: number; batchAxes: Readonly<Record<string, number>> } {
  const threads = checkInteger(START, 'threads', options.threads ?? defaultThreads, 1, 1024);
  const batchAxes = options.batchAxes ?? {};
  if (typeof batchAxes !== 'object' || batchAxes === null || Array.isArray(batchAxes)) {
    throw new InputError(START, 'batchAxes', `batchAxes must be an object of axes by entry name, got ${describeValue(batchAxes)}`);
  }
  return { threads, batchAxes: batchAxes as Readonly<Record<string, number>> };
}

/**
 * Loads the replica here and in `threads - 1` worker threads and makes the `DataParallel` with
 * `make` (the platform's class). A worker that fails to start closes the others.
 */
export async function startThreads<T extends DataParallelCore>(setup: ThreadSetup, make: (parts: DataParallelParts) => T): Promise<T> {
  const replica = await setup.loadReplica(START, setup.moduleUrl, setup.replicaOptions);
  let offset = 0;
  const layout: VariableLayout[] = Object.entries(replica.variables).map(([name, v]) => {
    const l = { name, shape: [...v.shape], offset, size: v.size };
    offset += v.size;
    return l;
  });
  // One thread shares nothing, and a page that is not cross-origin isolated has no SharedArrayBuffer.
  const weights = new Float32Array(setup.threads > 1 ? new SharedArrayBuffer(4 * offset) : new ArrayBuffer(4 * offset));
  const slots = Array.from({ length: setup.threads - 1 }, () => spawn(setup.transport, offset));
  const parallel = make({ replica, threads: setup.threads, layout, weights, slots, batchAxes: setup.batchAxes });
  try {
    await Promise.all(slots.map((s) => request(s, {
      type: 'init', moduleUrl: setup.moduleUrl, replicaOptions: setup.replicaOptions, layout, weights: weights.buffer as SharedArrayBuffer, gradients: s.gradients.buffer as SharedArrayBuffer,
    })));
  } catch (e) {
    await parallel.close();
    throw e instanceof Error ? new Error(`${START}: a worker thread failed to start: ${e.message}`) : e;
  }
  return parallel;
}

/**
 * What Node's and the browser's `DataParallel` share: the step (shards out, gradients reduced in
 * shard order, weighted by each shard's share of the samples, one `Trainer` step) and `close`.
 * Weights reach the workers and gradients come back through `SharedArrayBuffer`s, not message
 * copies; each worker starts every step from the calling thread's weights.
 */
export class DataParallelCore {
  /** The calling thread's replica: its variables are the model a `Trainer` updates. */
  readonly replica: Replica;
  /** Threads that compute shards, the calling thread included. */
  readonly threads: number;
  private readonly layout: VariableLayout[];
  private readonly weights: Float32Array;
  private readonly local: Float32Array;
  private readonly slots: WorkerSlot[];
  private readonly batchAxes: Readonly<Record<string, number>>;
  private busy = false;
  private closed: Promise<number[]> | undefined;

  protected constructor(parts: DataParallelParts) {
    this.replica = parts.replica;
    this.threads = parts.threads;
    this.layout = parts.layout;
    this.weights = parts.weights;
    this.local = new Float32Array(parts.weights.length);
    this.slots = parts.slots;
    this.batchAxes = parts.batchAxes;
  }

  /** The calling thread's variables, by name: give them to the `Trainer`. */
  get variables(): Readonly<Record<string, tf.Variable>> {
    return this.replica.variables;
  }

  /**
   * One optimisation step of `trainer` on `batch` (named float32 / int32 tensors, split along
   * their batch axes): the batch's mean loss, as `Trainer.trainStep` reports it. The trainer
   * must train exactly this object's `variables`. Steps run one at a time.
   */
  async trainStep(trainer: Trainer, batch: Readonly<Record<string, tf.Tensor>>): Promise<StepResult> {
    const fn = 'DataParallel.trainStep';
    if (this.closed !== undefined) throw new InputError(fn, 'this', 'this DataParallel is closed');
    if (this.busy) throw new InputError(fn, 'this', 'a step is still running: await each step before the next');
    if (!(trainer instanceof Trainer)) throw new InputError(fn, 'trainer', `trainer must be a Trainer, got ${describeValue(trainer)}`);
    const names = Object.keys(trainer.variables);
    if (names.length !== this.layout.length || this.layout.some((l) => trainer.variables[l.name] !== this.replica.variables[l.name])) {
      throw new InputError(fn, 'trainer', `trainer must train this DataParallel's variables (${this.layout.map((l) => l.name).join(', ')}), got ${names.join(', ')}`);
    }
    const failed = this.slots.find((s) => s.failure !== undefined);
    if (failed?.failure !== undefined) throw new Error(`${fn}: a worker thread failed earlier: ${failed.failure.message}`);
    const { shards, sizes } = splitBatch(fn, batch, this.batchAxes, this.threads);
    this.busy = true;
    try {
      const variables = this.layout.map((l) => this.replica.variables[l.name] as tf.Variable);
      variables.forEach((v, i) => this.weights.set(v.dataSync() as Float32Array, (this.layout[i] as VariableLayout).offset));
      const remote = shards.slice(1).map((shard, k) => request(this.slots[k] as WorkerSlot, { type: 'step', shard }, transferList(shard)));
      // The calling thread's shard runs while the workers run theirs.
      let local: { loss: number; hasGradient: boolean[] } | undefined;
      let localError: unknown;
      try {
        local = shardGradients(this.replica, this.layout, shards[0] as ShardEntry[], this.local);
      } catch (e) {
        localError = e;
      }
      const replies = await Promise.allSettled(remote);
      if (local === undefined) throw localError;
      const results = [local];
      for (const r of replies) {
        if (r.status === 'rejected') throw r.reason;
        const m = r.value;
        if (m.type !== 'done') throw new Error(`${fn}: a worker thread replied ${m.type} to a step`);
        results.push(m);
      }
      const n = sizes.reduce((a, b) => a + b, 0);
      const sources = [this.local, ...this.slots.slice(0, shards.length - 1).map((s) => s.gradients)];
      // A fixed order of shards makes the sum the same bits on every run. Departs from PyTorch's
      // DistributedDataParallel, which averages the ranks' gradients with equal weights: weights
      // by sample share make shards of unequal size give the whole batch's mean exactly.
      let loss = 0;
      results.forEach((r, k) => { loss += ((sizes[k] as number) / n) * r.loss; });
      const reached = this.layout.map((_, i) => results.some((r) => r.hasGradient[i] === true));
      const inputs = variables.filter((_, i) => reached[i]);
      const grads = this.layout.filter((_, i) => reached[i]).map((l) => {
        const sum = new Float32Array(l.size);
        sources.forEach((g, k) => {
          const w = (sizes[k] as number) / n;
          for (let j = 0; j < l.size; j++) sum[j] = (sum[j] as number) + w * (g[l.offset + j] as number);
        });
        return tf.tensor(sum, l.shape);
      });
      try {
        // The trainer takes the gradient of its loss function; this one's value is the batch's
        // loss and its gradient the reduced one, so clipping, schedules, the optimizer and
        // checkpoints behave as in a one-thread step.
        return trainer.trainStep(() => {
          const reduced = tf.customGrad((...args: unknown[]) => {
            void args;
            return { value: tf.scalar(loss), gradFunc: (dy: tf.Tensor) => grads.map((g) => tf.mul(dy, g)) };
          });
          return reduced(...inputs) as tf.Scalar;
        });
      } finally {
        tf.dispose(grads);
      }
    } finally {
      this.busy = false;
    }
  }

  /**
   * Stops the worker threads (each disposes its replica and ends) and disposes the calling
   * thread's replica: their exit codes, 0 for a clean exit. Safe to call twice.
   */
  close(): Promise<number[]> {
    if (this.closed === undefined) {
      this.closed = (async () => {
        await Promise.allSettled(this.slots.filter((s) => s.failure === undefined).map((s) => request(s, { type: 'close' })));
        const codes = await Promise.all(this.slots.map((s) => s.thread.end()));
        this.replica.dispose?.();
        return codes;
      })();
    }
    return this.closed;
  }
}

function request(slot: WorkerSlot, message: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
  if (slot.failure !== undefined) return Promise.reject(slot.failure);
  return new Promise((resolve, reject) => {
    slot.pending = { resolve, reject };
    slot.thread.hold(true);
    slot.thread.post(message, transfer);
  });
}

function transferList(shard: readonly ShardEntry[]): ArrayBuffer[] {
  return shard.map((e) => e.data.buffer as ArrayBuffer);
}

function spawn(transport: ThreadTransport, size: number): WorkerSlot {
  const take = (): WorkerSlot['pending'] => {
    const p = slot.pending;
    slot.pending = undefined;
    return p;
  };
  const slot: WorkerSlot = {
    thread: transport({
      message(m) {
        slot.thread.hold(false);
        const p = take();
        if (m.type === 'error') {
          // The worker's stack says where it failed; this thread's would only show the message port.
          const e = new Error(m.message);
          if (m.stack !== undefined) e.stack = m.stack;
          p?.reject(e);
        } else p?.resolve(m);
      },
      failed(e) {
        slot.failure ??= e;
        take()?.reject(e);
      },
    }),
    gradients: new Float32Array(new SharedArrayBuffer(4 * size)),
    pending: undefined,
    failure: undefined,
  };
  return slot;
}

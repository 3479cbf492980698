// Data-parallel training over worker threads: one model replica per core, one optimizer step.
import * as os from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkInteger, checkKnownOptions, describeValue } from '@rnnkit/core';
import type { FromWorker, ShardEntry, ToWorker, VariableLayout } from './data_parallel_protocol.js';
import { loadReplica } from './load_replica.js';
import type { Replica } from './replica.js';
import { shardGradients } from './shard_gradients.js';
import { splitBatch } from './split_batch.js';
import type { StepResult } from './trainer.js';
import { Trainer } from './trainer.js';

/** Options of {@link DataParallel.start}. */
export interface DataParallelOptions {
  /** The replica module (see `Replica`): a `file:` URL or an absolute path; it is loaded once in every thread. */
  module: string | URL;
  /** The argument of `createReplica` in every thread; it crosses threads by structured clone. @default undefined */
  replicaOptions?: unknown;
  /** Threads that compute shards, the calling thread included (so `threads - 1` workers). @default os.availableParallelism() */
  threads?: number;
  /** The batch axis of an entry, by name. @default 1 for entries of rank 2 and more (time-major), 0 for rank 1 */
  batchAxes?: Readonly<Record<string, number>>;
}

interface WorkerSlot {
  readonly worker: Worker;
  readonly gradients: Float32Array;
  readonly exited: Promise<number>;
  pending: { resolve(m: FromWorker): void; reject(e: Error): void } | undefined;
  failure: Error | undefined;
}

/**
 * Trains one model on every core: each step splits the batch into contiguous shards, one per
 * thread (the calling thread computes the first), each thread's replica computes its shard's
 * mean loss and gradient, and the calling thread reduces them in shard order, weighted by each
 * shard's share of the samples, then takes the `Trainer`'s step (clipping, schedule, optimizer)
 * on its own variables. The result equals the one-thread step up to float32 summation order
 * and is the same bits on every run with the same thread count.
 *
 * Weights reach the workers and gradients come back through `SharedArrayBuffer`s, not message
 * copies; each worker starts every step from the calling thread's weights, so a checkpoint
 * restored into them, or any other change, reaches every replica.
 *
 * @example
 * const parallel = await DataParallel.start({ module: new URL('./replica.js', import.meta.url), threads: 2 });
 * const trainer = new Trainer({ variables: parallel.variables, optimizer: adam() });
 * for (const batch of batches) await parallel.trainStep(trainer, batch);
 * await parallel.close();
 */
export class DataParallel {
  /** The calling thread's replica: its variables are the model a `Trainer` updates. */
  readonly replica: Replica;
  readonly threads: number;
  private readonly layout: VariableLayout[];
  private readonly weights: Float32Array;
  private readonly local: Float32Array;
  private readonly slots: WorkerSlot[];
  private readonly batchAxes: Readonly<Record<string, number>>;
  private busy = false;
  private closed: Promise<number[]> | undefined;

  private constructor(replica: Replica, threads: number, layout: VariableLayout[], weights: Float32Array, slots: WorkerSlot[], batchAxes: Readonly<Record<string, number>>) {
    this.replica = replica;
    this.threads = threads;
    this.layout = layout;
    this.weights = weights;
    this.local = new Float32Array(weights.length);
    this.slots = slots;
    this.batchAxes = batchAxes;
  }

  /** The calling thread's variables, by name: give them to the `Trainer`. */
  get variables(): Readonly<Record<string, tf.Variable>> {
    return this.replica.variables;
  }

  /** Loads the replica module here and in `threads - 1` worker threads. */
  static async start(options: DataParallelOptions): Promise<DataParallel> {
    const fn = 'DataParallel.start';
    checkKnownOptions(fn, 'options', options, ['module', 'replicaOptions', 'threads', 'batchAxes']);
    if (typeof options !== 'object' || options === null) throw new InputError(fn, 'options', `options must be an object, got ${describeValue(options)}`);
    const moduleUrl = toModuleUrl(fn, options.module);
    const threads = checkInteger(fn, 'threads', options.threads ?? os.availableParallelism(), 1, 1024);
    const batchAxes = options.batchAxes ?? {};
    if (typeof batchAxes !== 'object' || batchAxes === null || Array.isArray(batchAxes)) {
      throw new InputError(fn, 'batchAxes', `batchAxes must be an object of axes by entry name, got ${describeValue(batchAxes)}`);
    }
    const replica = await loadReplica(fn, moduleUrl, options.replicaOptions);
    let offset = 0;
    const layout: VariableLayout[] = Object.entries(replica.variables).map(([name, v]) => {
      const l = { name, shape: [...v.shape], offset, size: v.size };
      offset += v.size;
      return l;
    });
    const weights = new Float32Array(new SharedArrayBuffer(4 * offset));
    // Running from the TypeScript sources the worker is a .ts file, built it is .js.
    const here = import.meta.url;
    const workerUrl = new URL(`./data_parallel_worker${here.slice(here.lastIndexOf('.'))}`, here);
    const slots = Array.from({ length: threads - 1 }, () => spawn(workerUrl, offset));
    const parallel = new DataParallel(replica, threads, layout, weights, slots, batchAxes);
    try {
      await Promise.all(slots.map((s) => parallel.request(s, {
        type: 'init', moduleUrl, replicaOptions: options.replicaOptions, layout, weights: weights.buffer as SharedArrayBuffer, gradients: s.gradients.buffer as SharedArrayBuffer,
      })));
    } catch (e) {
      await parallel.close();
      throw e instanceof Error ? new Error(`${fn}: a worker thread failed to start: ${e.message}`) : e;
    }
    return parallel;
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
      const remote = shards.slice(1).map((shard, k) => this.request(this.slots[k] as WorkerSlot, { type: 'step', shard }, transferList(shard)));
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
   * Stops the worker threads (each disposes its replica and exits) and disposes the calling
   * thread's replica: their exit codes, 0 for a clean exit. Safe to call twice. Idle workers do
   * not keep the process alive, so a process that exits without calling it does not hang.
   */
  close(): Promise<number[]> {
    if (this.closed === undefined) {
      this.closed = (async () => {
        await Promise.allSettled(this.slots.filter((s) => s.failure === undefined).map((s) => this.request(s, { type: 'close' })));
        // Held until they exit: the caller awaits their exit codes.
        for (const s of this.slots) s.worker.ref();
        const codes = await Promise.all(this.slots.map((s) => s.exited));
        this.replica.dispose?.();
        return codes;
      })();
    }
    return this.closed;
  }

  private request(slot: WorkerSlot, message: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    if (slot.failure !== undefined) return Promise.reject(slot.failure);
    return new Promise((resolve, reject) => {
      slot.pending = { resolve, reject };
      // Held only while it works: an idle worker never keeps the process alive.
      slot.worker.ref();
      slot.worker.postMessage(message, transfer);
    });
  }
}

function toModuleUrl(fn: string, module: unknown): string {
  if (module instanceof URL && module.protocol === 'file:') return module.href;
  if (typeof module === 'string') {
    if (module.startsWith('file:')) return new URL(module).href;
    if (module.startsWith('/') || /^[A-Za-z]:[\\/]/.test(module)) return pathToFileURL(module).href;
  }
  throw new InputError(fn, 'module', `module must be a file: URL or an absolute path of the replica module, got ${describeValue(module instanceof URL ? module.href : module)}`);
}

function transferList(shard: readonly ShardEntry[]): ArrayBuffer[] {
  return shard.map((e) => e.data.buffer as ArrayBuffer);
}

function spawn(url: URL, size: number): WorkerSlot {
  // From the TypeScript sources (this repository's tests and tools) the worker loads through
  // tsx's require hook: Node 20 applies no import hooks in worker threads.
  const worker = url.pathname.endsWith('.ts')
    ? new Worker(`require(${JSON.stringify(createRequire(url).resolve('tsx/cjs'))}); require(${JSON.stringify(fileURLToPath(url))});`, { eval: true })
    : new Worker(url);
  let settleExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => { settleExit = resolve; });
  const slot: WorkerSlot = { worker, gradients: new Float32Array(new SharedArrayBuffer(4 * size)), exited, pending: undefined, failure: undefined };
  const fail = (e: Error): void => {
    slot.failure ??= e;
    const p = slot.pending;
    slot.pending = undefined;
    p?.reject(e);
  };
  worker.on('message', (m: FromWorker) => {
    worker.unref();
    const p = slot.pending;
    slot.pending = undefined;
    if (m.type === 'error') {
      // The worker's stack says where it failed; this thread's would only show the message port.
      const e = new Error(m.message);
      if (m.stack !== undefined) e.stack = m.stack;
      p?.reject(e);
    }
    else p?.resolve(m);
  });
  worker.on('error', (e) => fail(e));
  worker.on('exit', (code) => {
    fail(new Error(`worker thread exited with code ${code}`));
    settleExit(code);
  });
  return slot;
}

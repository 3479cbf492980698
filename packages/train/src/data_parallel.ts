// Data-parallel training over Node's worker threads: one model replica per core, one optimizer step.
import * as os from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, checkKnownOptions, describeValue } from '@rnnkit/core';
import type { FromWorker } from './data_parallel_protocol.js';
import { DataParallelCore, checkSharedOptions, startThreads } from './data_parallel_core.js';
import { loadReplica } from './load_replica.js';
import type { ThreadEvents, WorkerThread } from './thread_transport.js';

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

/**
 * Trains one model on every core over `node:worker_threads`: each step splits the batch into
 * contiguous shards, one per thread (the calling thread computes the first), each thread's
 * replica computes its shard's mean loss and gradient, and the calling thread reduces them in
 * shard order, weighted by each shard's share of the samples, then takes the `Trainer`'s step
 * (clipping, schedule, optimizer) on its own variables. The result equals the one-thread step
 * up to float32 summation order and is the same bits on every run with the same thread count.
 *
 * Weights reach the workers and gradients come back through `SharedArrayBuffer`s, not message
 * copies; each worker starts every step from the calling thread's weights, so a checkpoint
 * restored into them, or any other change, reaches every replica. Idle workers do not keep the
 * process alive, so a process that exits without calling `close` does not hang.
 *
 * @example
 * const parallel = await DataParallel.start({ module: new URL('./replica.js', import.meta.url), threads: 2 });
 * const trainer = new Trainer({ variables: parallel.variables, optimizer: adam() });
 * for (const batch of batches) await parallel.trainStep(trainer, batch);
 * await parallel.close();
 */
export class DataParallel extends DataParallelCore {
  /** Loads the replica module here and in `threads - 1` worker threads. */
  static async start(options: DataParallelOptions): Promise<DataParallel> {
    const fn = 'DataParallel.start';
    checkKnownOptions(fn, 'options', options, ['module', 'replicaOptions', 'threads', 'batchAxes']);
    if (typeof options !== 'object' || options === null) throw new InputError(fn, 'options', `options must be an object, got ${describeValue(options)}`);
    const moduleUrl = toModuleUrl(fn, options.module);
    const { threads, batchAxes } = checkSharedOptions(options, os.availableParallelism());
    // Running from the TypeScript sources the worker is a .ts file, built it is .js.
    const here = import.meta.url;
    const workerUrl = new URL(`./data_parallel_worker${here.slice(here.lastIndexOf('.'))}`, here);
    return startThreads(
      { moduleUrl, replicaOptions: options.replicaOptions, threads, batchAxes, loadReplica, transport: (events) => nodeThread(workerUrl, events) },
      (parts) => new DataParallel(parts),
    );
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

/** A worker thread of `node:worker_threads`, held (ref'd) only while it works. */
function nodeThread(url: URL, events: ThreadEvents): WorkerThread {
  // From the TypeScript sources (this repository's tests and tools) the worker loads through
  // tsx's require hook: Node 20 applies no import hooks in worker threads.
  const worker = url.pathname.endsWith('.ts')
    ? new Worker(`require(${JSON.stringify(createRequire(url).resolve('tsx/cjs'))}); require(${JSON.stringify(fileURLToPath(url))});`, { eval: true })
    : new Worker(url);
  const exited = new Promise<number>((resolve) => {
    worker.on('exit', (code) => {
      events.failed(new Error(`worker thread exited with code ${code}`));
      resolve(code);
    });
  });
  worker.on('message', (m: FromWorker) => events.message(m));
  worker.on('error', (e) => events.failed(e));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    // Held only while it works: an idle worker never keeps the process alive.
    hold: (held) => (held ? worker.ref() : worker.unref()),
    end: () => {
      // Held until it exits: the caller awaits its exit code.
      worker.ref();
      return exited;
    },
  };
}

// Data-parallel training over Web Workers in a cross-origin isolated page: one model replica per
// core, one optimizer step.
import { InputError, checkKnownOptions, describeValue } from '@rnnkit/core';
import type { FromWorker } from './data_parallel_protocol.js';
import { DataParallelCore, checkSharedOptions, startThreads } from './data_parallel_core.js';
import { loadReplicaWeb } from './load_replica_web.js';
import type { ThreadEvents, WorkerThread } from './thread_transport.js';

/** Options of {@link DataParallel.start} in the browser. */
export interface DataParallelOptions {
  /**
   * The replica module (see `Replica`): the URL of an ES module the browser can import, absolute
   * or relative to the page; it is loaded once in every thread. It must share its copy of
   * `@tensorflow/tfjs-core` with the worker script (one bundle split into chunks, or an import
   * map), else its variables are not the worker's `tf.Variable`s.
   */
  module: string | URL;
  /** The argument of `createReplica` in every thread; it crosses threads by structured clone. @default undefined */
  replicaOptions?: unknown;
  /**
   * Threads that compute shards, the page's thread included (so `threads - 1` Web Workers). More
   * than one needs `SharedArrayBuffer`, which browsers give only to cross-origin isolated pages.
   * @default navigator.hardwareConcurrency
   */
  threads?: number;
  /** The batch axis of an entry, by name. @default 1 for entries of rank 2 and more (time-major), 0 for rank 1 */
  batchAxes?: Readonly<Record<string, number>>;
  /**
   * The URL of the worker script: `@rnnkit/train/web-worker` as the bundler emits it (a module
   * worker). @default the package's `dist/web-worker.mjs`, beside this module
   */
  worker?: string | URL;
}

/**
 * Trains one model on every core of a browser over module Web Workers: each step splits the
 * batch into contiguous shards, one per thread (the page's thread computes the first), each
 * thread's replica computes its shard's mean loss and gradient, and the page's thread reduces
 * them in shard order, weighted by each shard's share of the samples, then takes the
 * `Trainer`'s step (clipping, schedule, optimizer) on its own variables. The result equals the
 * one-thread step up to float32 summation order and is the same bits on every run with the same
 * thread count: the same as `DataParallel` of `@rnnkit/train/node`.
 *
 * Weights reach the workers and gradients come back through `SharedArrayBuffer`s, so more than
 * one thread needs a cross-origin isolated page: served with the headers
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`.
 * Each worker has its own TensorFlow.js backend, which the replica module sets up.
 *
 * @example
 * const parallel = await DataParallel.start({ module: '/replica.js', worker: '/worker.js', threads: 2 });
 * const trainer = new Trainer({ variables: parallel.variables, optimizer: adam() });
 * for (const batch of batches) await parallel.trainStep(trainer, batch);
 * await parallel.close();
 */
export class DataParallel extends DataParallelCore {
  /** Loads the replica module here and in `threads - 1` Web Workers. */
  static async start(options: DataParallelOptions): Promise<DataParallel> {
    const fn = 'DataParallel.start';
    checkKnownOptions(fn, 'options', options, ['module', 'replicaOptions', 'threads', 'batchAxes', 'worker']);
    if (typeof options !== 'object' || options === null) throw new InputError(fn, 'options', `options must be an object, got ${describeValue(options)}`);
    const moduleUrl = toUrl(fn, 'module', options.module).href;
    const workerUrl = options.worker === undefined ? undefined : toUrl(fn, 'worker', options.worker);
    const { threads, batchAxes } = checkSharedOptions(options, globalThis.navigator?.hardwareConcurrency ?? 1);
    if (threads > 1 && (typeof SharedArrayBuffer !== 'function' || globalThis.crossOriginIsolated !== true)) {
      throw new InputError(fn, 'threads', `threads = ${threads} needs SharedArrayBuffer, which the browser gives only to a cross-origin isolated page `
        + '(serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp), '
        + `got crossOriginIsolated = ${String(globalThis.crossOriginIsolated)}; or train on threads = 1`);
    }
    return startThreads(
      { moduleUrl, replicaOptions: options.replicaOptions, threads, batchAxes, loadReplica: loadReplicaWeb, transport: (events) => webThread(workerUrl, events) },
      (parts) => new DataParallel(parts),
    );
  }
}

/** `value` as an absolute URL: a URL, or a string absolute or relative to the page. */
function toUrl(fn: string, argument: string, value: unknown): URL {
  if (value instanceof URL) return value;
  if (typeof value === 'string' && value !== '') {
    try {
      return new URL(value, globalThis.location?.href);
    } catch {
      // Refused below, with the value.
    }
  }
  throw new InputError(fn, argument, `${argument} must be a URL or a URL string (absolute, or relative to the page) of an ES module, got ${describeValue(value)}`);
}

/** A module Web Worker; `url` undefined means the package's own worker script. */
function webThread(url: URL | undefined, events: ThreadEvents): WorkerThread {
  // The default serves the published package as it is: dist/web-worker.mjs beside this module.
  // A bundle passes its own worker entry, which shares its chunks with the replica module.
  const worker = url === undefined
    ? new Worker(new URL('./web-worker.mjs', import.meta.url), { type: 'module' })
    : new Worker(url, { type: 'module' });
  let clean = false;
  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    if (event.data.type === 'closed') clean = true;
    events.message(event.data);
  });
  // A script that fails to load or throws at the top level reports an error event, with no detail.
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    events.failed(new Error(`the worker script ${url?.href ?? 'web-worker.mjs'} failed: ${event.message || 'it did not load (check its URL and that it is a module)'}`));
  });
  worker.addEventListener('messageerror', () => events.failed(new Error('a message from a worker could not be read')));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    // A page's workers never keep anything alive.
    hold: () => undefined,
    end: () => {
      worker.terminate();
      events.failed(new Error('the worker was terminated'));
      return Promise.resolve(clean ? 0 : 1);
    },
  };
}

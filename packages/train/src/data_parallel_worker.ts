// The worker thread of `DataParallel` in Node (node:worker_threads).
import { parentPort } from 'node:worker_threads';
import type { ToWorker } from './data_parallel_protocol.js';
import { workerHandler } from './data_parallel_worker_core.js';
import { loadReplica } from './load_replica.js';

const handle = workerHandler({
  reply: (message) => parentPort?.postMessage(message),
  // Nothing else keeps the thread alive: it exits with code 0.
  close: () => parentPort?.close(),
  loadReplica,
});
parentPort?.on('message', (message: ToWorker) => handle(message));

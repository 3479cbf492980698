// The module Web Worker of `DataParallel` in the browser; built as its own entry
// (`@rnnkit/train/web-worker`), it exports nothing.
import type { FromWorker, ToWorker } from './data_parallel_protocol.js';
import { workerHandler } from './data_parallel_worker_core.js';
import { loadReplicaWeb } from './load_replica_web.js';

/** The parts of a dedicated worker's global scope used here (the DOM library types `self` as a window). */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const handle = workerHandler({
  reply: (message) => scope.postMessage(message),
  // The page terminates the worker once it has the reply to close.
  close: () => undefined,
  loadReplica: loadReplicaWeb,
});
scope.addEventListener('message', (event) => handle(event.data));

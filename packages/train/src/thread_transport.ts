// What DataParallel needs from the platform's threads: the one part that differs between Node's
// worker_threads and the browser's Web Workers (internal).
import type { FromWorker, ToWorker } from './data_parallel_protocol.js';

/** What a worker thread tells its `DataParallel`. */
export interface ThreadEvents {
  /** A reply to the last request. */
  message(message: FromWorker): void;
  /** The thread failed or ended before it was asked to close: every later request fails. */
  failed(error: Error): void;
}

/** One running worker thread. */
export interface WorkerThread {
  post(message: ToWorker, transfer: ArrayBuffer[]): void;
  /** Whether the thread may keep its process alive: only while it works (Node); a page has no such notion. */
  hold(held: boolean): void;
  /** Ends the thread once it has replied to `close` (or failed): its exit code, 0 for a clean exit. */
  end(): Promise<number>;
}

/** Starts worker threads of the data-parallel worker script. */
export type ThreadTransport = (events: ThreadEvents) => WorkerThread;

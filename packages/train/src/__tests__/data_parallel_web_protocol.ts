// What data_parallel_web.test.ts asks of the page and what the page returns.
import type { ReplicaOptions } from './data_parallel_model.js';

export interface PageCase {
  options: ReplicaOptions;
  threads: number;
  steps: number;
  /** Time steps of every batch. */
  T: number;
  /** The lengths of the samples of every batch (so also the batch size). */
  lengths: number[];
}

/** Losses, final weights by name, and live tensors after each step, of `steps` Adam steps. */
export interface PageRun {
  losses: number[];
  weights: Record<string, number[]>;
  counts: number[];
}

export interface PageResult {
  crossOriginIsolated: boolean;
  backend: string;
  /** The weights of the DataParallel's replica after start, and of the reference replica. */
  initial: Record<string, number[]>;
  referenceInitial: Record<string, number[]>;
  /** One thread, the plain `Trainer.trainStep` on the whole batch. */
  reference: PageRun;
  /** DataParallel on `threads` threads, twice from the same initial weights. */
  runs: PageRun[];
  closeCodes: number[];
}

/** How `DataParallel.start` refused. */
export interface PageRefusal {
  crossOriginIsolated: boolean;
  isInputError: boolean;
  argument: string | undefined;
  message: string;
}

/** One thread on a page without cross-origin isolation: its run and the plain Trainer's, in the page. */
export interface PageOneThread {
  crossOriginIsolated: boolean;
  reference: PageRun;
  parallel: PageRun;
  closeCodes: number[];
}

/** Milliseconds per training step, measured in the page after warm-up steps (the speed script, never a test). */
export interface PageSpeed {
  threads: number;
  msPerStep: number;
}

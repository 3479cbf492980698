// What `setupNodeBackend` reports: the backend it chose, why, and what it tried first.
import type { NodeBackendChoice } from './node_backend_choice.js';

/** One candidate that `setupNodeBackend` tried. */
export interface BackendAttempt {
  readonly choice: NodeBackendChoice;
  readonly ok: boolean;
  /** Why it was chosen or skipped, e.g. `@tensorflow/tfjs-node-gpu is not installed`. */
  readonly reason: string;
}

/** The outcome of `setupNodeBackend`. */
export interface NodeBackendSetup {
  readonly choice: NodeBackendChoice;
  /** The tfjs backend name now active (`tensorflow`, `webgpu`, `wasm` or `cpu`). */
  readonly backend: string;
  /** One line on why this backend: the reason it was chosen and why each better one was not. */
  readonly reason: string;
  /** Every candidate tried, in order, the chosen one last. */
  readonly attempts: readonly BackendAttempt[];
}

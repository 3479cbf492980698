// Options of `setupNodeBackend`.
import type { ModuleLoader } from './module_loader.js';
import type { NodeBackendChoice } from './node_backend_choice.js';

/** Options of `setupNodeBackend`. */
export interface SetupNodeBackendOptions {
  /**
   * A backend to try before the usual order; when it cannot start, the usual order follows and
   * the report says why.
   * @default undefined (the usual order: tensorflow-gpu, tensorflow, webgpu, wasm, cpu)
   */
  prefer?: NodeBackendChoice;
  /**
   * Loads an optional package by name. Tests inject a fake; users leave it.
   * @default (specifier) => import(specifier)
   */
  loadModule?: ModuleLoader;
  /**
   * How long to wait for Dawn to answer a WebGPU adapter request, in milliseconds.
   * @default 5000
   */
  webgpuTimeoutMs?: number;
}

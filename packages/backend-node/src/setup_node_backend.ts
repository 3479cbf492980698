// Picks and starts the best TensorFlow.js backend installed in this Node process.
import './register_backends.js';
import { checkInteger, checkKnownOptions, checkOneOf, InputError, describeValue } from '@rnnkit/core';
import type { BackendAttempt, NodeBackendSetup } from './node_backend_setup.js';
import type { NodeBackendChoice } from './node_backend_choice.js';
import { NODE_BACKEND_CHOICES } from './node_backend_choice.js';
import type { SetupNodeBackendOptions } from './setup_node_backend_options.js';
import { startCandidate } from './candidates.js';

const FN = 'setupNodeBackend';

function importModule(specifier: string): Promise<unknown> {
  return import(specifier);
}

/**
 * Starts the best backend installed, trying in order `@tensorflow/tfjs-node-gpu` (CUDA),
 * `@tensorflow/tfjs-node`, WebGPU over Dawn (`webgpu` + `@tensorflow/tfjs-backend-webgpu`), wasm
 * and cpu, and reports which it chose and why. The optional packages are peer dependencies: a
 * missing one is skipped with its reason, never an error. Importing this package registers the
 * cpu and wasm backends with the typed kernels of the fused operations.
 *
 * ```ts
 * const setup = await setupNodeBackend();
 * console.log(`backend ${setup.backend}: ${setup.reason}`);
 * ```
 */
export async function setupNodeBackend(options: SetupNodeBackendOptions = {}): Promise<NodeBackendSetup> {
  checkKnownOptions(FN, 'options', options, ['prefer', 'loadModule', 'webgpuTimeoutMs']);
  const { prefer, loadModule = importModule, webgpuTimeoutMs = 5000 } = options;
  if (prefer !== undefined) checkOneOf(FN, 'options.prefer', prefer, NODE_BACKEND_CHOICES);
  if (typeof loadModule !== 'function') {
    throw new InputError(FN, 'options.loadModule', `options.loadModule must be a function, got ${describeValue(loadModule)}`);
  }
  checkInteger(FN, 'options.webgpuTimeoutMs', webgpuTimeoutMs, 1);
  const order: NodeBackendChoice[] = prefer === undefined ? [...NODE_BACKEND_CHOICES] : [prefer, ...NODE_BACKEND_CHOICES.filter((c) => c !== prefer)];
  const attempts: BackendAttempt[] = [];
  for (const choice of order) {
    const result = await startCandidate(choice, { loadModule, webgpuTimeoutMs });
    attempts.push({ choice, ok: result.ok, reason: result.reason });
    if (result.ok) {
      const skipped = attempts.filter((a) => !a.ok).map((a) => `${a.choice}: ${a.reason}`);
      const reason = skipped.length === 0 ? result.reason : `${result.reason}; skipped ${skipped.join('; ')}`;
      return { choice, backend: result.backend, reason, attempts };
    }
  }
  // cpu is always registered, so this is reached only if tfjs itself is broken.
  throw new Error(`${FN}: no backend could start: ${attempts.map((a) => `${a.choice}: ${a.reason}`).join('; ')}`);
}

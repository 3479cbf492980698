/**
 * Picks and sets up the best TensorFlow.js backend installed in Node: CUDA, native TensorFlow, WebGPU over Dawn, wasm, cpu.
 * @module @rnnkit/backend-node
 */
export type { ModuleLoader } from './module_loader.js';
export { NODE_BACKEND_CHOICES } from './node_backend_choice.js';
export type { NodeBackendChoice } from './node_backend_choice.js';
export type { BackendAttempt, NodeBackendSetup } from './node_backend_setup.js';
export { setupNodeBackend } from './setup_node_backend.js';
export type { SetupNodeBackendOptions } from './setup_node_backend_options.js';

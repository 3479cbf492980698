export type { ModuleLoader } from './module_loader.js';
export { NODE_BACKEND_CHOICES } from './node_backend_choice.js';
export type { NodeBackendChoice } from './node_backend_choice.js';
export type { BackendAttempt, NodeBackendSetup } from './node_backend_setup.js';
export { setupNodeBackend } from './setup_node_backend.js';
export type { SetupNodeBackendOptions } from './setup_node_backend_options.js';

/**
 * The same kernels and setup without registering anything on import.
 * @module @rnnkit/backend-webgl/base
 */
export { setupWebglBackend } from './setup_webgl_backend.js';
export type { SetupWebglBackendOptions } from './setup_webgl_backend_options.js';
export type { WebglSetup } from './webgl_setup.js';
export { webglKernelConfigs } from './webgl_kernel_configs.js';

// The Node backends `setupNodeBackend` can choose, best first.

/**
 * Every choice, in the order `setupNodeBackend` tries them: native TensorFlow with CUDA, native
 * TensorFlow on the CPU, WebGPU over Dawn, the WebAssembly backend, plain JavaScript.
 */
export const NODE_BACKEND_CHOICES = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;

/** One of `NODE_BACKEND_CHOICES`. */
export type NodeBackendChoice = (typeof NODE_BACKEND_CHOICES)[number];

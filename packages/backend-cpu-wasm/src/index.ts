/**
 * The cpu and wasm backends' kernels of the fused operations: gate arithmetic as typed-array loops (cpu) and SIMD WebAssembly over the module's heap (wasm).
 * @module @rnnkit/backend-cpu-wasm
 */
import './register_kernels.js';

export { cpuKernelConfigs, wasmKernelConfigs } from './base.js';
export type { KernelMemory } from './kernel_memory.js';

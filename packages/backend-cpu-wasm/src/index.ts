import './register_kernels.js';

export { cpuKernelConfigs, wasmKernelConfigs } from './base.js';
export type { KernelMemory } from './kernel_memory.js';

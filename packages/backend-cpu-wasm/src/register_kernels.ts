// Registers the typed-array kernels of the fused operations for the cpu and wasm backends: the
// one place this package registers anything, run once when the package is imported.
import { registerKernel } from '@tensorflow/tfjs-core';
import { cpuKernelConfigs, wasmKernelConfigs } from './base.js';

for (const config of [...cpuKernelConfigs, ...wasmKernelConfigs]) registerKernel(config);

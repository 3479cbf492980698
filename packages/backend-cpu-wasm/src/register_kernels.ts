// Registers the typed-array kernels for the cpu and wasm backends, replacing the portable ones.
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { cpuKernelConfigs, wasmKernelConfigs } from './base.js';

for (const config of [...cpuKernelConfigs, ...wasmKernelConfigs]) {
  if (getKernel(config.kernelName, config.backendName) !== undefined) {
    unregisterKernel(config.kernelName, config.backendName);
  }
  registerKernel(config);
}

// Registers the project's WebGL kernels, replacing any portable kernel registered before.
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { webglKernelConfigs } from './webgl_kernel_configs.js';

for (const config of webglKernelConfigs) {
  if (getKernel(config.kernelName, config.backendName) !== undefined) unregisterKernel(config.kernelName, config.backendName);
  registerKernel(config);
}

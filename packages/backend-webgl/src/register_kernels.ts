// Registers the project's WebGL kernels of the fused operations: the one place this package
// registers anything, run once when the package is imported.
import { registerKernel } from '@tensorflow/tfjs-core';
import { webglKernelConfigs } from './webgl_kernel_configs.js';

for (const config of webglKernelConfigs) registerKernel(config);

import '@tensorflow/tfjs-backend-webgl';
import './register_kernels.js';

export * from './base.js';

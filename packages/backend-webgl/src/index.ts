/**
 * The browser backend: sets up TensorFlow.js on WebGL (float32 textures checked) and registers the project's WebGL kernels.
 * @module @rnnkit/backend-webgl
 */
import '@tensorflow/tfjs-backend-webgl';
import './register_kernels.js';

export * from './base.js';

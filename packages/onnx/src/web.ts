/**
 * Runs exported models in a browser on ONNX Runtime's WebAssembly runtime (onnxruntime-web).
 * @module @rnnkit/onnx/web
 */
export { loadOnnxModelWeb } from './load_onnx_model_web.js';
export type { LoadOnnxModelWebOptions } from './load_onnx_model_web.js';

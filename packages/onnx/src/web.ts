export { loadOnnxModelWeb } from './load_onnx_model_web.js';
export type { LoadOnnxModelWebOptions } from './load_onnx_model_web.js';

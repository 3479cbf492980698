/**
 * Runs exported models in Node on ONNX Runtime's native CPU runtime (onnxruntime-node).
 * @module @rnnkit/onnx/node
 */
export { loadOnnxModelNode } from './load_onnx_model_node.js';
export type { LoadOnnxModelNodeOptions } from './load_onnx_model_node.js';

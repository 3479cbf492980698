export { loadOnnxModelNode } from './load_onnx_model_node.js';
export type { LoadOnnxModelNodeOptions } from './load_onnx_model_node.js';

/**
 * Export trained recurrent models to ONNX (no runtime needed) and the runner of exported models.
 * @module @rnnkit/onnx
 */
export { encodeOnnxModel } from './encode_onnx_model.js';
export type { OnnxAttribute, OnnxElementType, OnnxGraph, OnnxInitializer, OnnxNode, OnnxValueInfo } from './encode_onnx_model.js';
export { exportOnnx } from './export_onnx.js';
export type { ExportOnnxOptions } from './export_onnx.js';
export { OnnxModel } from './onnx_model.js';
export type { OnnxForwardOptions, OnnxForwardResult } from './onnx_model.js';
export type { OnnxEmbeddingStage, OnnxLastStepStage, OnnxLinearStage, OnnxRecurrentStage, OnnxStage } from './onnx_stage.js';
export type { OrtModule, OrtSession, OrtTensor } from './ort_module.js';

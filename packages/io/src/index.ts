/**
 * safetensors read and write, and PyTorch state_dict names to the toolkit's parameters.
 * @module @rnnkit/io
 */
export { loadTorchStateDict } from './load_torch_state_dict.js';
export type { LoadTorchStateDictOptions, LoadTorchStateDictResult } from './load_torch_state_dict.js';
export { readSafetensors } from './read_safetensors.js';
export type { SafetensorsContent } from './read_safetensors.js';
export { readSafetensorsHeader } from './read_safetensors_header.js';
export type { ReadSafetensorsOptions, SafetensorsEntry, SafetensorsHeader } from './read_safetensors_header.js';
export { recognizeTorchModules } from './recognize_torch_modules.js';
export type { RecognizedModule, RecognizedModules, RecognizedRecurrentOptions } from './recognize_torch_modules.js';
export { SAFETENSORS_DTYPES } from './safetensors_dtype.js';
export type { SafetensorsDtype } from './safetensors_dtype.js';
export { torchParameters } from './torch_parameters.js';
export type { TorchParameter, TorchParameters, TorchParametersOptions } from './torch_parameters.js';
export { torchShape } from './torch_shape.js';
export { torchStateDict } from './torch_state_dict.js';
export { writeSafetensors } from './write_safetensors.js';
export type { WriteSafetensorsOptions } from './write_safetensors.js';

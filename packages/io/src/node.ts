/**
 * The parts that need Node (files on disk).
 * @module @rnnkit/io/node
 */
export { readSafetensorsFile } from './read_safetensors_file.js';
export type { ReadSafetensorsFileOptions } from './read_safetensors_file.js';
export { writeSafetensorsFile } from './write_safetensors_file.js';

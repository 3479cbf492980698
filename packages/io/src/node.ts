export { checkWritablePath } from './check_writable_path.js';
export { readSafetensorsFile } from './read_safetensors_file.js';
export type { ReadSafetensorsFileOptions } from './read_safetensors_file.js';
export { writeFileAtomic } from './write_file_atomic.js';
export { writeSafetensorsFile } from './write_safetensors_file.js';

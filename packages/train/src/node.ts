export { DataParallel } from './data_parallel.js';
export type { DataParallelOptions } from './data_parallel.js';
export { loadCheckpoint } from './load_checkpoint.js';
export type { Replica } from './replica.js';
export { saveCheckpoint } from './save_checkpoint.js';

/**
 * The parts that need Node: checkpoint files on disk and data-parallel training over worker threads.
 * @module @rnnkit/train/node
 */
export { DataParallel } from './data_parallel.js';
export type { DataParallelOptions } from './data_parallel.js';
export { loadCheckpoint } from './load_checkpoint.js';
export type { Replica } from './replica.js';
export { saveCheckpoint } from './save_checkpoint.js';

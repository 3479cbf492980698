/**
 * The parts that need Node (files on disk).
 * @module @rnnkit/train/node
 */
export { loadCheckpoint } from './load_checkpoint.js';
export { saveCheckpoint } from './save_checkpoint.js';

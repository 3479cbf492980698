export { loadCheckpoint } from './load_checkpoint.js';
export { saveCheckpoint } from './save_checkpoint.js';

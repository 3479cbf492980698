/**
 * Data-parallel training in the browser over Web Workers, in a cross-origin isolated page.
 * @module @rnnkit/train/web
 */
export { DataParallel } from './data_parallel_web.js';
export type { DataParallelOptions } from './data_parallel_web.js';
export type { Replica } from './replica.js';

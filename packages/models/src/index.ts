/**
 * Ready-made models assembled from the toolkit: a character-level language model.
 * @module @rnnkit/models
 */
export { CharLanguageModel } from './char_language_model.js';
export type { CharLanguageModelOptions, RecurrentState } from './char_language_model.js';

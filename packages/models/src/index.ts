export { CharLanguageModel } from './char_language_model.js';
export type { CharLanguageModelOptions, RecurrentState } from './char_language_model.js';

/**
 * Cross-entropy, CTC loss with its alpha-beta gradient, and CTC decoders (greedy, prefix beam search with a language-model hook, label and character n-gram models).
 * @module @rnnkit/losses
 */
export { crossEntropy } from './cross_entropy.js';
export type { CrossEntropyOptions } from './cross_entropy.js';
export type { Reduction } from './reduction.js';
export { ctcLoss } from './ctc_loss.js';
export type { CtcLossOptions, CtcTargets } from './ctc_loss.js';
export { ctcBeamSearch } from './ctc_beam_search.js';
export type { CtcBeamSearchOptions, CtcHypothesis } from './ctc_beam_search.js';
export { ctcGreedyDecode } from './ctc_greedy_decode.js';
export type { CtcGreedyDecodeOptions } from './ctc_greedy_decode.js';
export type { CtcLanguageModel } from './ctc_language_model.js';
export { labelNgramModel } from './label_ngram_model.js';
export type { LabelNgramModel, LabelNgramOptions } from './label_ngram_model.js';
export { characterNgramModel } from './character_ngram_model.js';
export type { CharacterNgramModel, CharacterNgramOptions } from './character_ngram_model.js';

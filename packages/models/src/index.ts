/**
 * Ready-made models assembled from the toolkit: a character-level language model, and
 * grapheme-to-phoneme models (a bidirectional LSTM with CTC, an attention encoder-decoder) that
 * pronounce English words in ARPAbet.
 * @module @rnnkit/models
 */
export { CharLanguageModel } from './char_language_model.js';
export type { CharLanguageModelOptions, RecurrentState } from './char_language_model.js';
export { AttentionG2pModel } from './g2p/attention_g2p_model.js';
export type { AttentionG2pModelOptions } from './g2p/attention_g2p_model.js';
export { CtcG2pModel } from './g2p/ctc_g2p_model.js';
export { CtcG2pEnsemble } from './g2p/ctc_g2p_ensemble.js';
export type { CtcG2pModelOptions } from './g2p/ctc_g2p_model.js';
export { CTC_FRAMES_PER_LETTER, ctcFramesNeeded } from './g2p/ctc_frames.js';
export type { G2pBatch, G2pConfig, G2pModel, G2pModelKind, PronounceOptions, Pronunciation } from './g2p/g2p_model.js';
export { ARPABET_PHONEMES, GRAPHEMES } from './g2p/g2p_symbols.js';
export { g2pModelFromBytes, g2pModelToBytes } from './g2p/g2p_weights.js';
export type { G2pModelFromBytesOptions } from './g2p/g2p_weights.js';
export { normalizeWord } from './g2p/normalize_word.js';
export { phonemeErrorRates } from './g2p/phoneme_error_rates.js';
export type { ErrorRates } from './g2p/phoneme_error_rates.js';
export { phonemeIds } from './g2p/phoneme_ids.js';
export { phonemeNgramModel } from './g2p/phoneme_ngram_model.js';
export type { PhonemeNgramOptions } from './g2p/phoneme_ngram_model.js';
export { toIpa } from './g2p/to_ipa.js';

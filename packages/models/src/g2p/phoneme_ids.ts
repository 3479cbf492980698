// Phoneme indices of a pronunciation, as both models emit them.
import { PHONEMES } from './g2p_symbols.js';

const PHONEME_INDEX = new Map(PHONEMES.map((p, i) => [p, i]));

/** Indices into PHONEMES (CMUdict's 39, checked when the lexicon is read). */
export function phonemeIds(pronunciation: readonly string[]): number[] {
  return pronunciation.map((p) => PHONEME_INDEX.get(p) ?? 0);
}

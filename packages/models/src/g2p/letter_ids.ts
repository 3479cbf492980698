// Letter ids of a normalised word, as both models read them.
import { GRAPHEMES } from './g2p_symbols.js';

const INDEX = new Map(GRAPHEMES.map((g, i) => [g, i]));

/** Letter ids (indices into GRAPHEMES) of a word already checked by checkWord. */
export function letterIds(word: string): number[] {
  return [...word].map((c) => INDEX.get(c) ?? 0);
}

// The words a model is asked to pronounce, checked and normalised at its entry.
import { InputError } from '@rnnkit/core';
import { normalizeWord } from './normalize_word.js';

/** `words` upper-cased, each checked by normalizeWord; at least one. */
export function checkWords(fn: string, words: unknown): string[] {
  if (!Array.isArray(words) || words.length === 0) {
    throw new InputError(fn, 'words', `words must be a non-empty array of strings, got ${Array.isArray(words) ? 'an empty array' : typeof words}`);
  }
  return words.map((w: unknown) => normalizeWord(fn, w));
}

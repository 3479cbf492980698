// The words a model is asked to pronounce, checked and normalised at its entry.
import { InputError, describeValue } from '@rnnkit/core';
import { GRAPHEMES } from './g2p_symbols.js';

const INDEX = new Set(GRAPHEMES);
/** Longer than any English word; bounds the work a typed word can ask for. */
const MAX_LETTERS = 64;

/** `word` trimmed and upper-cased, checked to be 1-64 letters (A-Z) and apostrophes with at least one letter. */
export function checkWord(fn: string, argument: string, word: unknown): string {
  if (typeof word !== 'string') throw new InputError(fn, argument, `${argument} must be a string, got ${describeValue(word)}`);
  const upper = word.trim().toUpperCase();
  if (upper.length === 0) throw new InputError(fn, argument, `${argument} must not be empty`);
  if (upper.length > MAX_LETTERS) throw new InputError(fn, argument, `${argument} must be at most ${MAX_LETTERS} characters, got ${upper.length}`);
  const bad = [...upper].find((c) => !INDEX.has(c));
  if (bad !== undefined) throw new InputError(fn, argument, `${argument} must hold only letters A-Z and apostrophes, got ${JSON.stringify(word)} (${JSON.stringify(bad)})`);
  if (!/[A-Z]/.test(upper)) throw new InputError(fn, argument, `${argument} must hold at least one letter, got ${JSON.stringify(word)}`);
  return upper;
}

/** `words` each checked by checkWord (named `words[n]`); at least one. */
export function checkWords(fn: string, words: unknown): string[] {
  if (!Array.isArray(words) || words.length === 0) {
    throw new InputError(fn, 'words', `words must be a non-empty array of strings, got ${Array.isArray(words) ? 'an empty array' : describeValue(words)}`);
  }
  return words.map((w: unknown, n) => checkWord(fn, `words[${n}]`, w));
}

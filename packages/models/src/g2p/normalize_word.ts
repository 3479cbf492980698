// Checks and normalises a word typed by a user: the one gate before a spelling reaches a model.
import { InputError } from '@rnnkit/core';
import { GRAPHEMES } from './g2p_symbols.js';

const INDEX = new Map(GRAPHEMES.map((g, i) => [g, i]));

/** Upper-cases `word` and checks it is 1-64 letters (A-Z) and apostrophes with at least one letter. */
export function normalizeWord(fn: string, word: unknown): string {
  if (typeof word !== 'string') throw new InputError(fn, 'word', `word must be a string, got ${typeof word}`);
  const upper = word.trim().toUpperCase();
  if (upper.length === 0) throw new InputError(fn, 'word', 'word must not be empty');
  if (upper.length > 64) throw new InputError(fn, 'word', `word must be at most 64 characters, got ${upper.length}`);
  const bad = [...upper].find((c) => !INDEX.has(c));
  if (bad !== undefined) throw new InputError(fn, 'word', `word must hold only letters A-Z and apostrophes, got ${JSON.stringify(word)} (${JSON.stringify(bad)})`);
  if (!/[A-Z]/.test(upper)) throw new InputError(fn, 'word', `word must hold at least one letter, got ${JSON.stringify(word)}`);
  return upper;
}

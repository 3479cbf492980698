// Checks and normalises a word typed by a user: the gate before a spelling reaches a g2p model.
import { checkWord } from './check_words.js';

/**
 * The spelling a g2p model reads: `word` trimmed and upper-cased. Throws an `InputError` unless
 * it is 1-64 letters A-Z (either case) and apostrophes with at least one letter.
 *
 * @example
 * normalizeWord(" O'Brien "); // "O'BRIEN"
 * normalizeWord('r2d2'); // throws: word must hold only letters A-Z and apostrophes
 */
export function normalizeWord(word: string): string {
  return checkWord('normalizeWord', 'word', word);
}

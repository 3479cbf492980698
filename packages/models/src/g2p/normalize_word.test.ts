// normalizeWord: what a typed word becomes, and the words it refuses.
import { describe, expect, it } from '@jest/globals';
import { InputError } from '@rnnkit/core';
import { normalizeWord } from './normalize_word.js';

describe('normalizeWord', () => {
  it('trims and upper-cases letters and apostrophes', () => {
    expect(normalizeWord('colonel')).toBe('COLONEL');
    expect(normalizeWord(" O'Brien ")).toBe("O'BRIEN");
    expect(normalizeWord('Quay')).toBe('QUAY');
  });

  it('refuses non-letters, empty words, apostrophes alone and absurd lengths in one line', () => {
    expect(() => normalizeWord('r2d2')).toThrow('normalizeWord: word must hold only letters A-Z and apostrophes, got "r2d2" ("2")');
    expect(() => normalizeWord('new york')).toThrow('normalizeWord: word must hold only letters A-Z and apostrophes, got "new york" (" ")');
    expect(() => normalizeWord('café')).toThrow('("É")');
    expect(() => normalizeWord('')).toThrow('normalizeWord: word must not be empty');
    expect(() => normalizeWord('   ')).toThrow('normalizeWord: word must not be empty');
    expect(() => normalizeWord("''")).toThrow(`normalizeWord: word must hold at least one letter, got "''"`);
    expect(() => normalizeWord('a'.repeat(65))).toThrow('normalizeWord: word must be at most 64 characters, got 65');
    expect(() => normalizeWord(7 as unknown as string)).toThrow(InputError);
  });
});

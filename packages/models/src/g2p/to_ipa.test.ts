// toIpa against IPA transcriptions written out by hand (General American).
import { describe, expect, it } from '@jest/globals';
import { InputError } from '@rnnkit/core';
import { toIpa } from './to_ipa.js';

describe('toIpa', () => {
  it('spells ARPAbet pronunciations in IPA, two-letter vowels and affricates included', () => {
    expect(toIpa(['K', 'ER', 'N', 'AH', 'L'])).toBe('kɝnʌl'); // colonel
    expect(toIpa(['CH', 'OY', 'S'])).toBe('tʃɔɪs'); // choice
    expect(toIpa(['JH', 'AH', 'JH'])).toBe('dʒʌdʒ'); // judge
    expect(toIpa(['TH', 'IH', 'NG', 'Z'])).toBe('θɪŋz'); // things
    expect(toIpa(['M', 'EH', 'ZH', 'ER'])).toBe('mɛʒɝ'); // measure
    expect(toIpa(['HH', 'AW', 'S'])).toBe('haʊs'); // house
    expect(toIpa(['Y', 'AA', 'T'])).toBe('jɑt'); // yacht
    expect(toIpa([])).toBe('');
  });

  it('keeps an unknown symbol as it is, and refuses what is not an array of strings', () => {
    expect(toIpa(['K', '?', 'T'])).toBe('k?t');
    expect(toIpa(['toString'])).toBe('toString');
    expect(() => toIpa('K AE T' as unknown as string[])).toThrow(InputError);
    expect(() => toIpa(['K', 3 as unknown as string])).toThrow('toIpa: phonemes[1] must be a string');
  });
});

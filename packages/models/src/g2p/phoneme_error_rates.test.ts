// PER / WER against hand-computed cases.
import { describe, expect, it } from '@jest/globals';
import { InputError } from '@rnnkit/core';
import { phonemeErrorRates } from './phoneme_error_rates.js';

const p = (s: string): string[] => (s === '' ? [] : s.split(' '));

describe('phonemeErrorRates', () => {
  it('counts substitutions, insertions and deletions against the reference length', () => {
    const one = (prediction: string, reference: string): number => phonemeErrorRates([p(prediction)], [[p(reference)]]).per * p(reference).length;
    expect(one('K AE T', 'K AE T')).toBe(0);
    expect(one('K AH T', 'K AE T')).toBe(1); // one substitution
    expect(one('K AE T S', 'K AE T')).toBe(1); // one insertion
    expect(one('K T', 'K AE T')).toBe(1); // one deletion
    expect(one('', 'K AE T')).toBe(3);
    expect(one('T AE K', 'K AE T')).toBe(2);
    expect(phonemeErrorRates([p('K AH T')], [[p('K AE T')]]).wer).toBe(1);
  });

  it('sums edits over summed reference lengths, and counts words wrong', () => {
    // CAT right (0 of 3), DOG one substitution (1 of 3), SPIT two edits (2 of 5: L deleted, T inserted).
    const rates = phonemeErrorRates([p('K AE T'), p('D AA G'), p('S P IH T T')], [[p('K AE T')], [p('D AO G')], [p('S P L IH T')]]);
    expect(rates.per).toBeCloseTo(3 / 11, 12);
    expect(rates.wer).toBeCloseTo(2 / 3, 12);
    expect(rates.words).toBe(3);
  });

  it('scores each word against its closest reference', () => {
    // QUAY: "K EY" matches the second reference exactly; READ: one edit from "R IY D" (3 long).
    const rates = phonemeErrorRates([p('K EY'), p('R IY T')], [[p('K IY'), p('K EY')], [p('R EH D'), p('R IY D')]]);
    expect(rates.per).toBeCloseTo(1 / 5, 12);
    expect(rates.wer).toBeCloseTo(1 / 2, 12);
    // On equal edits the shorter reference is the denominator: "K AE" is 1 from "K AE T" and from "K".
    expect(phonemeErrorRates([p('K AE')], [[p('K AE T'), p('K')]]).per).toBeCloseTo(1 / 1, 12);
  });

  it('refuses mismatched lists, no words and empty references', () => {
    expect(() => phonemeErrorRates([p('K')], [])).toThrow(InputError);
    expect(() => phonemeErrorRates([], [])).toThrow(/at least one word/);
    expect(() => phonemeErrorRates([p('K')], [[p('')]])).toThrow(/non-empty/);
  });
});

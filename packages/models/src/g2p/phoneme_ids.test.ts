// Phoneme ids and the CTC frames a target needs, against values counted by hand.
import { describe, expect, it } from '@jest/globals';
import { ctcFramesNeeded } from './ctc_frames.js';
import { ARPABET_PHONEMES } from './g2p_symbols.js';
import { phonemeIds } from './phoneme_ids.js';

describe('phonemeIds', () => {
  it('numbers the 39 phonemes alphabetically from AA = 0 to ZH = 38', () => {
    expect(ARPABET_PHONEMES).toHaveLength(39);
    expect(phonemeIds(['AA', 'K', 'AE', 'T', 'ZH'])).toEqual([0, 19, 1, 30, 38]);
    expect(phonemeIds([])).toEqual([]);
  });

  it('refuses stressed vowels and unknown symbols, naming the position', () => {
    expect(() => phonemeIds(['K', 'AE1', 'T'])).toThrow('phonemeIds: pronunciation[1] must be one of the 39 ARPAbet phonemes without stress (AA ... ZH), got "AE1"');
    expect(() => phonemeIds(['k'])).toThrow('pronunciation[0]');
    expect(() => phonemeIds('K AE T' as unknown as string[])).toThrow('phonemeIds: pronunciation must be an array');
  });
});

describe('ctcFramesNeeded', () => {
  it('counts one frame per label and a blank between equal neighbours', () => {
    expect(ctcFramesNeeded([])).toBe(0);
    expect(ctcFramesNeeded([19, 1, 30])).toBe(3); // K AE T
    expect(ctcFramesNeeded([30, 30])).toBe(3); // T T: T blank T
    expect(ctcFramesNeeded([30, 30, 30, 1])).toBe(6);
    expect(ctcFramesNeeded([30, 1, 30])).toBe(3); // not neighbours: no blank
    expect(() => ctcFramesNeeded([1, -1])).toThrow('ctcFramesNeeded: labels[1] must be an integer >= 0, got -1');
  });
});

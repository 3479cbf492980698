// Training batches: every pronunciation of a word is a pair, and CTC leaves out the pairs that
// need more than two frames per letter (counted by hand below).
import { describe, expect, it } from '@jest/globals';
import { phonemeIds } from '@rnnkit/models';
import type { LexiconWord } from './cmudict_lexicon.js';
import { g2pBatches } from './g2p_batches.js';

const entry = (word: string, ...pronunciations: string[]): LexiconWord => {
  const split = pronunciations.map((p) => p.split(' '));
  return { word, pronunciations: split, stressed: split };
};

const WORDS: LexiconWord[] = [
  entry('CAT', 'K AE T'),
  entry('READ', 'R EH D', 'R IY D'),
  // X -> EH K S: 3 labels in 2 frames does not fit; BMW: 11 labels in 6 frames does not fit.
  entry('X', 'EH K S'),
  entry('BMW', 'B IY EH M D AH B AH L Y UW'),
  // A -> EY: 1 label in 2 frames fits.
  entry('A', 'EY'),
];

describe('g2pBatches', () => {
  it('makes a pair of each pronunciation, leaving out for CTC the ones that need more frames than 2 per letter', () => {
    expect(g2pBatches(WORDS, 4, 0, 'attention')).toMatchObject({ pairs: 6, skipped: 0 });
    expect(g2pBatches(WORDS, 4, 0, 'ctc')).toMatchObject({ pairs: 4, skipped: 2 });
  });

  it('draws batches of the size asked whose targets are pronunciations of their words', () => {
    const { batchOf } = g2pBatches(WORDS, 3, 5, 'ctc');
    const allowed = new Map(WORDS.map((w) => [w.word, w.pronunciations.map((p) => phonemeIds(p).join(' '))]));
    for (let step = 0; step < 10; step++) {
      const batch = batchOf(step);
      expect(batch.words).toHaveLength(3);
      batch.words.forEach((w, n) => {
        expect(['X', 'BMW']).not.toContain(w);
        expect(allowed.get(w)).toContain(batch.targets[n]?.join(' '));
      });
    }
    // The same step gives the same batch.
    expect(batchOf(7)).toEqual(batchOf(7));
  });
});

// CMUdict normalisation and the train / dev / test split: hand-made entries, an independent hash,
// and the real dictionary.
import { describe, expect, it } from '@jest/globals';
import { cmudictEntries } from './cmudict_entries.js';
import { cmudictLexicon, lexiconOf } from './cmudict_lexicon.js';
import { normalizeEntry } from './normalize_entry.js';
import { splitOf } from './split_of.js';

/** FNV-1a 32 in BigInt arithmetic, written apart from split_of.ts as its reference. */
function referenceHash(text: string): number {
  let h = 2166136261n;
  for (const c of text) h = ((h ^ BigInt(c.charCodeAt(0))) * 16777619n) % 4294967296n;
  return Number(h);
}

describe('normalizeEntry', () => {
  it('strips the variant marker, keeps stress digits, refuses non-words and unknown phonemes', () => {
    expect(normalizeEntry('READ(1)', 'R IY1 D')).toEqual({ word: 'READ', stressed: ['R', 'IY1', 'D'] });
    expect(normalizeEntry("O'BRIEN", 'OW0 B R AY1 AH0 N')).toEqual({ word: "O'BRIEN", stressed: ['OW0', 'B', 'R', 'AY1', 'AH0', 'N'] });
    expect(normalizeEntry('A42128', 'EY1 F AO1 R')).toBeNull();
    expect(normalizeEntry('A.', 'EY1')).toBeNull();
    expect(normalizeEntry('!EXCLAMATION-POINT', 'EH2 K S')).toBeNull();
    expect(normalizeEntry("'", 'K W OW1 T')).toBeNull();
    expect(normalizeEntry('CAT', 'K AE1 XX')).toBeNull();
    expect(normalizeEntry('CAT', '  ')).toBeNull();
  });
});

describe('lexiconOf', () => {
  it('groups variants under one word, removes stress, keeps one copy of stress-only variants and counts what it dropped', () => {
    const words = ['READ', 'QUAY', 'CAT', 'DOG', 'ZEBRA', 'ABBE'];
    const lexicon = lexiconOf({
      READ: 'R EH1 D', 'READ(1)': 'R IY1 D', QUAY: 'K IY1', 'QUAY(1)': 'K EY1', CAT: 'K AE1 T', DOG: 'D AO1 G',
      ZEBRA: 'Z IY1 B R AH0', ABBE: 'AE1 B IY0', 'ABBE(1)': 'AE0 B IY1', 'A.': 'EY1', 'A42': 'EY1',
    });
    const all = [...lexicon.train, ...lexicon.dev, ...lexicon.test];
    expect(all.map((w) => w.word).sort()).toEqual([...words].sort());
    expect(lexicon.entries).toBe(11);
    expect(lexicon.dropped).toBe(2);
    const read = all.find((w) => w.word === 'READ');
    expect(read?.pronunciations).toEqual([['R', 'EH', 'D'], ['R', 'IY', 'D']]);
    expect(read?.stressed).toEqual([['R', 'EH1', 'D'], ['R', 'IY1', 'D']]);
    // ABBE's two entries differ only in stress: one unstressed answer.
    expect(all.find((w) => w.word === 'ABBE')?.pronunciations).toEqual([['AE', 'B', 'IY']]);
    for (const w of words) expect(lexicon[splitOf(w)].some((x) => x.word === w)).toBe(true);
  });
});

describe('splitOf', () => {
  it('is FNV-1a of the spelling mod 100: 0-89 train, 90-94 dev, 95-99 test', () => {
    for (const word of ['A', 'COLONEL', 'QUAY', "O'BRIEN", 'WORCESTERSHIRE', 'ZYWICKI', 'READ', 'THE']) {
      const bucket = referenceHash(word) % 100;
      expect(splitOf(word)).toBe(bucket < 90 ? 'train' : bucket < 95 ? 'dev' : 'test');
    }
  });

  it('splits the real CMUdict 90 / 5 / 5 by word, every word once, whatever the entry order', () => {
    const first = cmudictLexicon();
    const dict = cmudictEntries();
    const second = lexiconOf(Object.fromEntries(Object.entries(dict).reverse()));
    const total = first.train.length + first.dev.length + first.test.length;
    expect(total).toBeGreaterThan(120_000);
    expect(first.train.length / total).toBeCloseTo(0.9, 2);
    expect(first.dev.length / total).toBeCloseTo(0.05, 2);
    expect(first.test.length / total).toBeCloseTo(0.05, 2);
    const seen = new Set<string>();
    let repeated = 0;
    for (const split of ['train', 'dev', 'test'] as const) {
      expect(second[split].map((w) => w.word)).toEqual(first[split].map((w) => w.word));
      for (const w of first[split]) {
        if (seen.has(w.word)) repeated++;
        seen.add(w.word);
      }
    }
    expect(repeated).toBe(0);
    // A word with two pronunciations in CMUdict keeps both, in its one split.
    const quay = [...first.train, ...first.dev, ...first.test].find((w) => w.word === 'QUAY');
    expect(quay?.pronunciations).toEqual([['K', 'IY'], ['K', 'EY']]);
  });
});

// Training batches of words of one length, so little of each batch is padding.
import { seededRandom } from '@rnnkit/core';
import type { G2pBatch, G2pModelKind } from '@rnnkit/models';
import { CTC_FRAMES_PER_LETTER, ctcFramesNeeded, phonemeIds } from '@rnnkit/models';
import type { LexiconWord } from './cmudict_lexicon.js';

/**
 * `batchOf(step)`: `size` consecutive (word, pronunciation) pairs of a seeded shuffle sorted by
 * spelling length, from a start chosen by the step; every pronunciation of a word is a pair. For
 * CTC, pairs needing more than two frames per letter are left out (see CTC_FRAMES_PER_LETTER):
 * about 40 of CMUdict's 130k, abbreviations such as BMW; they still count as references at test time.
 */
export function g2pBatches(words: readonly LexiconWord[], size: number, seed: number, model: G2pModelKind): { batchOf: (step: number) => G2pBatch; pairs: number; skipped: number } {
  const pairs: Array<{ word: string; target: number[]; key: number }> = [];
  const order = seededRandom(seed + 7);
  let skipped = 0;
  for (const w of words) {
    for (const p of w.pronunciations) {
      const target = phonemeIds(p);
      if (model === 'ctc' && ctcFramesNeeded(target) > CTC_FRAMES_PER_LETTER * w.word.length) {
        skipped++;
        continue;
      }
      pairs.push({ word: w.word, target, key: order() });
    }
  }
  pairs.sort((a, b) => a.word.length - b.word.length || a.key - b.key);
  const count = Math.min(size, pairs.length);
  return {
    pairs: pairs.length,
    skipped,
    batchOf(step) {
      const start = Math.floor(seededRandom(seed * 1_000_003 + step + 11)() * (pairs.length - count + 1));
      const chosen = pairs.slice(start, start + count);
      return { words: chosen.map((p) => p.word), targets: chosen.map((p) => p.target) };
    },
  };
}

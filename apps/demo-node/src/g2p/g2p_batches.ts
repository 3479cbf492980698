// Training batches of words of one length, so little of each batch is padding.
import { seededRandom } from '@rnnkit/core';
import { framesNeeded, FRAMES_PER_LETTER } from './ctc_frames.js';
import type { LexiconWord } from './cmudict_lexicon.js';
import type { G2pBatch, G2pModelKind } from './g2p_model.js';
import { phonemeIds } from './phoneme_ids.js';

/**
 * `batchOf(step)`: `size` consecutive (word, pronunciation) pairs of a seeded shuffle sorted by
 * spelling length, from a start chosen by the step; every pronunciation of a word is a pair. For
 * CTC, pairs needing more than two frames per letter are left out (see FRAMES_PER_LETTER).
 */
export function g2pBatches(words: readonly LexiconWord[], size: number, seed: number, model: G2pModelKind): { batchOf: (step: number) => G2pBatch; pairs: number; skipped: number } {
  const pairs: Array<{ word: string; target: number[]; key: number }> = [];
  const order = seededRandom(seed + 7);
  let skipped = 0;
  for (const w of words) {
    for (const p of w.pronunciations) {
      const target = phonemeIds(p);
      if (model === 'ctc' && framesNeeded(target) > FRAMES_PER_LETTER * w.word.length) {
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

// Phoneme and word error rates of predicted pronunciations against every valid reference.
import { InputError } from '@rnnkit/core';
import { editDistance } from '../train_task.js';

export interface ErrorRates {
  /** Phoneme error rate: summed edit distances over summed reference lengths. */
  readonly per: number;
  /** Word error rate: share of words whose prediction matches none of their references. */
  readonly wer: number;
  readonly words: number;
}

/**
 * PER and WER over words, each with one or more valid references. Per word the reference closest
 * to the prediction (fewest edits; on a tie the shorter) gives both the edits and the length, as in
 * the published CMUdict results that score against the best-matching pronunciation.
 */
export function phonemeErrorRates(predictions: ReadonlyArray<readonly string[]>, references: ReadonlyArray<ReadonlyArray<readonly string[]>>): ErrorRates {
  const fn = 'phonemeErrorRates';
  if (predictions.length !== references.length) {
    throw new InputError(fn, 'references', `references must have one entry per prediction (${predictions.length}), got ${references.length}`);
  }
  if (predictions.length === 0) throw new InputError(fn, 'predictions', 'predictions must hold at least one word, got none');
  // editDistance compares numbers: each distinct phoneme gets one.
  const ids = new Map<string, number>();
  const idsOf = (phonemes: readonly string[]): number[] => phonemes.map((p) => ids.get(p) ?? ids.set(p, ids.size).size - 1);
  let edits = 0;
  let length = 0;
  let wrong = 0;
  predictions.forEach((prediction, n) => {
    const refs = references[n] ?? [];
    if (refs.length === 0 || refs.some((r) => r.length === 0)) throw new InputError(fn, 'references', `references[${n}] must hold non-empty pronunciations, got ${JSON.stringify(refs)}`);
    let best = { edits: Infinity, length: 0 };
    const predicted = idsOf(prediction);
    for (const ref of refs) {
      const d = editDistance(predicted, idsOf(ref));
      if (d < best.edits || (d === best.edits && ref.length < best.length)) best = { edits: d, length: ref.length };
    }
    edits += best.edits;
    length += best.length;
    if (best.edits > 0) wrong++;
  });
  return { per: edits / length, wer: wrong / predictions.length, words: predictions.length };
}

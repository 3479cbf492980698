// Phoneme and word error rates of predicted pronunciations against every valid reference.
import { InputError, describeValue, editDistance } from '@rnnkit/core';

/** What {@link phonemeErrorRates} measures. */
export interface ErrorRates {
  /** Phoneme error rate: summed edit distances over summed reference lengths. */
  readonly per: number;
  /** Word error rate: share of words whose prediction matches none of their references. */
  readonly wer: number;
  /** Words scored. */
  readonly words: number;
}

function isPronunciation(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((p) => typeof p === 'string');
}

/**
 * Phoneme and word error rates of predicted pronunciations, each word with one or more valid
 * references. Per word the reference closest to the prediction (fewest edits; on a tie the
 * shorter) gives both the edits and the length, as the published CMUdict results score against
 * the best-matching pronunciation.
 *
 * @example
 * // CAT right; QUAY matches its second reference; DOG one substitution in 3.
 * phonemeErrorRates([['K', 'AE', 'T'], ['K', 'EY'], ['D', 'AA', 'G']], [[['K', 'AE', 'T']], [['K', 'IY'], ['K', 'EY']], [['D', 'AO', 'G']]]);
 * // { per: 1 / 8, wer: 1 / 3, words: 3 }
 */
export function phonemeErrorRates(predictions: ReadonlyArray<readonly string[]>, references: ReadonlyArray<ReadonlyArray<readonly string[]>>): ErrorRates {
  const fn = 'phonemeErrorRates';
  if (!Array.isArray(predictions) || predictions.length === 0) {
    throw new InputError(fn, 'predictions', `predictions must hold at least one word (an array of phoneme arrays), got ${Array.isArray(predictions) ? 'none' : describeValue(predictions)}`);
  }
  if (!Array.isArray(references) || references.length !== predictions.length) {
    throw new InputError(fn, 'references', `references must have one entry per prediction (${predictions.length}), got ${Array.isArray(references) ? references.length : describeValue(references)}`);
  }
  let edits = 0;
  let length = 0;
  let wrong = 0;
  predictions.forEach((prediction: unknown, n) => {
    if (!isPronunciation(prediction)) throw new InputError(fn, `predictions[${n}]`, `predictions[${n}] must be an array of phoneme strings, got ${describeValue(prediction)}`);
    const refs: unknown = references[n];
    if (!Array.isArray(refs) || refs.length === 0 || !refs.every((r) => isPronunciation(r) && r.length > 0)) {
      throw new InputError(fn, `references[${n}]`, `references[${n}] must hold one or more non-empty pronunciations (arrays of phoneme strings), got ${JSON.stringify(refs) ?? describeValue(refs)}`);
    }
    let best = { edits: Infinity, length: 0 };
    for (const ref of refs as string[][]) {
      const d = editDistance(prediction, ref);
      if (d < best.edits || (d === best.edits && ref.length < best.length)) best = { edits: d, length: ref.length };
    }
    edits += best.edits;
    length += best.length;
    if (best.edits > 0) wrong++;
  });
  return { per: edits / length, wer: wrong / predictions.length, words: predictions.length };
}

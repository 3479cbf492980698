// How many frames the CTC model reads per letter, and how many a target needs.
import { InputError, describeValue } from '@rnnkit/core';

/**
 * Frames the CTC g2p model reads per letter: each letter is repeated. CTC needs at least as many
 * frames as labels plus repeated labels, and some words have more phonemes than letters
 * (X -> EH K S, "MR" -> M IH S T ER). Two frames per letter fit all but 40 of CMUdict's 130k
 * pronunciations (abbreviations such as BMW).
 */
export const CTC_FRAMES_PER_LETTER = 2;

/**
 * Frames a CTC target of phoneme ids needs: one per label plus a blank between equal neighbours.
 * A pair (word, target) can train `CtcG2pModel` when this is at most
 * `CTC_FRAMES_PER_LETTER * word.length`.
 *
 * @example
 * ctcFramesNeeded([19, 1, 30]); // 3
 * ctcFramesNeeded([30, 30]); // 3: a blank must separate the two
 */
export function ctcFramesNeeded(labels: readonly number[]): number {
  if (!Array.isArray(labels)) throw new InputError('ctcFramesNeeded', 'labels', `labels must be an array of integer ids, got ${describeValue(labels)}`);
  return labels.reduce((n: number, l: unknown, i) => {
    if (typeof l !== 'number' || !Number.isInteger(l) || l < 0) throw new InputError('ctcFramesNeeded', `labels[${i}]`, `labels[${i}] must be an integer >= 0, got ${describeValue(l)}`);
    return n + (i > 0 && labels[i - 1] === l ? 2 : 1);
  }, 0);
}

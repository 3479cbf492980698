// How many frames the CTC model reads per letter, and how many a target needs.

/**
 * Frames per letter. CTC needs at least as many frames as labels plus repeated labels, and some
 * words have more phonemes than letters (X -> EH K S, "MR" -> M IH S T ER). Two frames per letter
 * fit all but 40 of CMUdict's 130k pronunciations (abbreviations such as BMW); those are left out
 * of training and still count as references at test time.
 */
export const FRAMES_PER_LETTER = 2;

/** Frames a CTC target of `labels` needs: one per label plus a blank between equal neighbours. */
export function framesNeeded(labels: readonly number[]): number {
  return labels.reduce((n, l, i) => n + (i > 0 && labels[i - 1] === l ? 2 : 1), 0);
}

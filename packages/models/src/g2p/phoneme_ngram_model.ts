// A phoneme n-gram model over the CTC model's classes, for decoding with a language model.
import { InputError, checkInteger, checkKnownOptions, describeValue } from '@rnnkit/core';
import type { LabelNgramModel } from '@rnnkit/losses';
import { labelNgramModel } from '@rnnkit/losses';
import { ARPABET_PHONEMES } from './g2p_symbols.js';
import { phonemeIds } from './phoneme_ids.js';

/** Options of {@link phonemeNgramModel}. */
export interface PhonemeNgramOptions {
  /** Phonemes of context plus one. @default 5 */
  order?: number;
}

const FN = 'phonemeNgramModel';

/**
 * Counts phoneme n-grams, word ends included, in `pronunciations` (ARPAbet without stress, as a
 * lexicon's training words give them) for {@link CtcG2pModel}'s `pronounce(words, { languageModel })`.
 * Its labels are the CTC model's classes: phoneme id + 1, with the blank at 0. The CTC model
 * emits each phoneme from the letters alone, blind to the phonemes it emitted before; the n-gram
 * model scores the sequence as a whole, so the beam search prefers pronunciations that are
 * likely as phoneme strings (and ends them where words tend to end).
 *
 * @example
 * const lm = phonemeNgramModel([['K', 'AE', 'T'], ['D', 'AO', 'G']], { order: 3 });
 * model.pronounce(['cat'], { beam: 8, languageModel: lm, lmWeight: 0.4, insertionBonus: 1 });
 */
export function phonemeNgramModel(pronunciations: ReadonlyArray<readonly string[]>, options: PhonemeNgramOptions = {}): LabelNgramModel {
  checkKnownOptions(FN, 'options', options, ['order']);
  const order = checkInteger(FN, 'order', options.order ?? 5, 1, 16);
  if (!Array.isArray(pronunciations)) throw new InputError(FN, 'pronunciations', `pronunciations must be an array of pronunciations (arrays of ARPAbet phonemes), got ${describeValue(pronunciations)}`);
  const sequences = pronunciations.map((p: unknown, n) => {
    try {
      return phonemeIds(p as string[]).map((id) => id + 1);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(FN, 'pronunciations', `pronunciations[${n}]: ${e.message.slice(e.fn.length + 2)}`);
      throw e;
    }
  });
  return labelNgramModel(sequences, { classes: ARPABET_PHONEMES.length + 1, order, end: true });
}

// Phoneme ids of a pronunciation, as both models learn and emit them.
import { InputError, describeValue } from '@rnnkit/core';
import { ARPABET_PHONEMES } from './g2p_symbols.js';

const PHONEME_INDEX = new Map(ARPABET_PHONEMES.map((p, i) => [p, i]));

/**
 * Ids (indices into `ARPABET_PHONEMES`) of a pronunciation in ARPAbet without stress digits: the
 * targets of `G2pModel.loss`. Throws an `InputError` on anything but an array of those 39 symbols.
 *
 * @example
 * phonemeIds(['K', 'AE', 'T']); // [19, 1, 30]
 */
export function phonemeIds(pronunciation: readonly string[]): number[] {
  const fn = 'phonemeIds';
  if (!Array.isArray(pronunciation)) throw new InputError(fn, 'pronunciation', `pronunciation must be an array of ARPAbet phonemes, got ${describeValue(pronunciation)}`);
  return pronunciation.map((p: unknown, i) => {
    const id = typeof p === 'string' ? PHONEME_INDEX.get(p) : undefined;
    if (id === undefined) {
      throw new InputError(fn, `pronunciation[${i}]`, `pronunciation[${i}] must be one of the 39 ARPAbet phonemes without stress (AA ... ZH), got ${describeValue(p)}`);
    }
    return id;
  });
}

// The IPA spelling of ARPAbet phonemes.
import { InputError, describeValue } from '@rnnkit/core';

/**
 * IPA of each ARPAbet phoneme (General American, as CMUdict's documentation maps them). Without
 * stress AH is written ʌ; ER is ɝ.
 */
const IPA: Readonly<Record<string, string>> = {
  AA: 'ɑ', AE: 'æ', AH: 'ʌ', AO: 'ɔ', AW: 'aʊ', AY: 'aɪ', B: 'b', CH: 'tʃ', D: 'd', DH: 'ð', EH: 'ɛ', ER: 'ɝ', EY: 'eɪ',
  F: 'f', G: 'ɡ', HH: 'h', IH: 'ɪ', IY: 'i', JH: 'dʒ', K: 'k', L: 'l', M: 'm', N: 'n', NG: 'ŋ', OW: 'oʊ', OY: 'ɔɪ',
  P: 'p', R: 'ɹ', S: 's', SH: 'ʃ', T: 't', TH: 'θ', UH: 'ʊ', UW: 'u', V: 'v', W: 'w', Y: 'j', Z: 'z', ZH: 'ʒ',
};

/**
 * The IPA spelling of ARPAbet phonemes without stress digits (General American); a symbol it does
 * not know is kept as it is.
 *
 * @example
 * toIpa(['K', 'ER', 'N', 'AH', 'L']); // "kɝnʌl"
 */
export function toIpa(phonemes: readonly string[]): string {
  if (!Array.isArray(phonemes)) throw new InputError('toIpa', 'phonemes', `phonemes must be an array of ARPAbet strings, got ${describeValue(phonemes)}`);
  return phonemes.map((p: unknown, i) => {
    if (typeof p !== 'string') throw new InputError('toIpa', `phonemes[${i}]`, `phonemes[${i}] must be a string, got ${describeValue(p)}`);
    return Object.hasOwn(IPA, p) ? IPA[p] : p;
  }).join('');
}

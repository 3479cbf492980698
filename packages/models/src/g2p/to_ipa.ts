// The IPA spelling of ARPAbet phonemes.

/**
 * IPA of each ARPAbet phoneme (General American, as CMUdict's documentation maps them). Without
 * stress AH is written ʌ; ER is ɝ.
 */
const IPA: Readonly<Record<string, string>> = {
  AA: 'ɑ', AE: 'æ', AH: 'ʌ', AO: 'ɔ', AW: 'aʊ', AY: 'aɪ', B: 'b', CH: 'tʃ', D: 'd', DH: 'ð', EH: 'ɛ', ER: 'ɝ', EY: 'eɪ',
  F: 'f', G: 'ɡ', HH: 'h', IH: 'ɪ', IY: 'i', JH: 'dʒ', K: 'k', L: 'l', M: 'm', N: 'n', NG: 'ŋ', OW: 'oʊ', OY: 'ɔɪ',
  P: 'p', R: 'ɹ', S: 's', SH: 'ʃ', T: 't', TH: 'θ', UH: 'ʊ', UW: 'u', V: 'v', W: 'w', Y: 'j', Z: 'z', ZH: 'ʒ',
};

/** The IPA spelling of a phoneme sequence (unknown symbols are kept as they are). */
export function toIpa(phonemes: readonly string[]): string {
  return phonemes.map((p) => IPA[p] ?? p).join('');
}

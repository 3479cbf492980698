// The grapheme and phoneme inventories of the g2p models.

/** Graphemes the g2p models read: the 26 upper-case letters and the apostrophe (CMUdict spells words with these). */
export const GRAPHEMES: readonly string[] = Object.freeze([..."ABCDEFGHIJKLMNOPQRSTUVWXYZ'"]);

/**
 * The 39 ARPAbet phonemes of CMUdict without stress digits, in the order the g2p models number
 * them (phoneme id `i` is `ARPABET_PHONEMES[i]`).
 */
export const ARPABET_PHONEMES: readonly string[] = Object.freeze([
  'AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'B', 'CH', 'D', 'DH', 'EH', 'ER', 'EY', 'F', 'G', 'HH', 'IH', 'IY', 'JH', 'K',
  'L', 'M', 'N', 'NG', 'OW', 'OY', 'P', 'R', 'S', 'SH', 'T', 'TH', 'UH', 'UW', 'V', 'W', 'Y', 'Z', 'ZH',
]);

// The grapheme and phoneme inventories of the g2p models.

/** Graphemes: the 26 upper-case letters and the apostrophe (CMUdict spells words with these). */
export const GRAPHEMES: readonly string[] = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ'"];

/** The 39 ARPAbet phonemes of CMUdict, without stress digits. */
export const PHONEMES: readonly string[] = [
  'AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'B', 'CH', 'D', 'DH', 'EH', 'ER', 'EY', 'F', 'G', 'HH', 'IH', 'IY', 'JH', 'K',
  'L', 'M', 'N', 'NG', 'OW', 'OY', 'P', 'R', 'S', 'SH', 'T', 'TH', 'UH', 'UW', 'V', 'W', 'Y', 'Z', 'ZH',
];

// Normalises one CMUdict entry: the spelling without its variant marker, the phonemes checked.
import { ARPABET_PHONEMES } from '@rnnkit/models';

const SPELLING = /^([A-Z']+)(?:\((\d+)\))?$/;
const KNOWN = new Set(ARPABET_PHONEMES);

/**
 * `("READ(1)", "R IY1 D")` -> `{ word: "READ", stressed: ["R", "IY1", "D"] }`; null for spellings
 * outside A-Z and apostrophe (numbers, abbreviations with dots, punctuation names like
 * "!EXCLAMATION-POINT") and for pronunciations with an unknown phoneme.
 */
export function normalizeEntry(key: string, pronunciation: string): { word: string; stressed: string[] } | null {
  const match = SPELLING.exec(key.trim().toUpperCase());
  const word = match?.[1];
  if (word === undefined || !/[A-Z]/.test(word)) return null;
  const stressed = pronunciation.trim().split(/\s+/).filter((p) => p.length > 0);
  if (stressed.length === 0 || !stressed.every((p) => KNOWN.has(p.replace(/[012]$/, '')))) return null;
  return { word, stressed };
}

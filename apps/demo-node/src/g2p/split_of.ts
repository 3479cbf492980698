// The deterministic train / dev / test split of a word, by a hash of its spelling.

export type LexiconSplit = 'train' | 'dev' | 'test';

/** FNV-1a, 32 bits, over the UTF-16 code units (spellings are ASCII). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * `fnv1a(word) mod 100`: 0-89 train, 90-94 dev, 95-99 test. It depends on the spelling alone, so
 * every pronunciation of a word lands in the same split, on every machine and every run.
 */
export function splitOf(word: string): LexiconSplit {
  const bucket = fnv1a(word) % 100;
  return bucket < 90 ? 'train' : bucket < 95 ? 'dev' : 'test';
}

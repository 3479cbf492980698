// A small character n-gram language model, the example for the CTC beam search's hook.
import { InputError, checkInteger, checkKnownOptions, describeValue } from '@rnnkit/core';
import type { CtcLanguageModel } from './ctc_language_model.js';
import { countNgrams } from './label_ngram_model.js';

/** Options of {@link characterNgramModel}. */
export interface CharacterNgramOptions {
  /** Characters of context plus one: 3 scores each character given the two before it. @default 3 */
  order?: number;
  /** The class index of the blank, which has no character. @default 0 */
  blank?: number;
}

/** A character n-gram model over the classes of a CTC output. */
export interface CharacterNgramModel extends CtcLanguageModel {
  readonly order: number;
  /** log P(text), the sum of each character's log-probability given the ones before it. */
  logProb(text: string): number;
  /** The labels (class indices) of `text`. */
  encode(text: string): number[];
  /** The text of `labels`. */
  decode(labels: readonly number[]): string;
}

const FN = 'characterNgramModel';

/**
 * Counts character n-grams in `corpus` and scores a character given the `order - 1` before it, as
 * {@link labelNgramModel} does for the characters' classes. `alphabet[c]` is the
 * character of class c; the blank's entry is ignored.
 *
 * @example
 * const lm = characterNgramModel(['abc', 'abd'], '_abcd', { order: 2 });
 * ctcBeamSearch(logProbs, { languageModel: lm, lmWeight: 0.5 });
 */
export function characterNgramModel(corpus: readonly string[], alphabet: string | readonly string[], options: CharacterNgramOptions = {}): CharacterNgramModel {
  checkKnownOptions(FN, 'options', options, ['order', 'blank']);
  const order = checkInteger(FN, 'order', options.order ?? 3, 1, 16);
  const symbols = typeof alphabet === 'string' ? [...alphabet] : alphabet;
  if (!Array.isArray(symbols) || symbols.length < 2 || !symbols.every((s) => typeof s === 'string')) {
    throw new InputError(FN, 'alphabet', `alphabet must give a character per class (at least 2 classes, one the blank), got ${describeValue(alphabet)}`);
  }
  const blank = checkInteger(FN, 'blank', options.blank ?? 0, 0, symbols.length - 1);
  const labelOf = new Map<string, number>();
  symbols.forEach((s, c) => {
    if (c === blank) return;
    if (labelOf.has(s)) throw new InputError(FN, 'alphabet', `alphabet holds ${JSON.stringify(s)} twice (classes ${labelOf.get(s)} and ${c})`);
    labelOf.set(s, c);
  });
  const encode = (text: string): number[] => {
    if (typeof text !== 'string') throw new InputError(FN, 'text', `text must be a string, got ${describeValue(text)}`);
    return [...text].map((ch, i) => {
      const label = labelOf.get(ch);
      if (label === undefined) throw new InputError(FN, 'text', `character ${JSON.stringify(ch)} at ${i} of ${JSON.stringify(text)} is not in the alphabet`);
      return label;
    });
  };
  if (!Array.isArray(corpus) || !corpus.every((s) => typeof s === 'string')) {
    throw new InputError(FN, 'corpus', `corpus must be an array of strings, got ${describeValue(corpus)}`);
  }
  const ngrams = countNgrams(FN, corpus.map(encode), { classes: symbols.length, order, blank, end: false });
  return {
    order,
    scoreExtension: ngrams.scoreExtension,
    logProb: (text) => ngrams.logProb(encode(text)),
    encode,
    decode: (classes) => {
      if (!Array.isArray(classes)) throw new InputError(`${FN}.decode`, 'labels', `labels must be an array of class indices, got ${describeValue(classes)}`);
      return classes
        .map((c: unknown, i) => {
          if (!Number.isInteger(c) || (c as number) < 0 || (c as number) >= symbols.length) throw new InputError(`${FN}.decode`, 'labels', `labels[${i}] must be an integer in [0, ${symbols.length - 1}], got ${describeValue(c)}`);
          return symbols[c as number] ?? '';
        })
        .join('');
    },
  };
}

// A small character n-gram language model, the example for the CTC beam search's hook.
import { InputError, checkInteger, checkKnownOptions, describeValue } from '@rnnkit/core';
import type { CtcLanguageModel } from './ctc_language_model.js';

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
 * Counts character n-grams in `corpus` and scores a character given the `order - 1` before it
 * (the start of a text counts as context too), with Witten-Bell interpolation down to an add-one
 * unigram, so every character of the alphabet keeps a non-zero probability. `alphabet[c]` is the
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
  const vocabulary = labelOf.size;
  const checkLabels = (method: string, argument: string, labels: unknown): readonly number[] => {
    if (!Array.isArray(labels)) throw new InputError(`${FN}.${method}`, argument, `${argument} must be an array of class indices, got ${describeValue(labels)}`);
    for (const c of labels) checkInteger(`${FN}.${method}`, argument, c, 0, symbols.length - 1);
    return labels as number[];
  };
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
  // counts.get(context).get(label), and per context its total.
  const counts = new Map<string, Map<number, number>>();
  const totals = new Map<string, number>();
  // A context is the last `length` labels, with -1 standing for the start of the text.
  const contextKey = (history: readonly number[], length: number): string => {
    const padded = [...new Array<number>(Math.max(0, length - history.length)).fill(-1), ...history];
    return `${length}|${padded.slice(padded.length - length).join(',')}`;
  };
  for (const text of corpus) {
    const labels = encode(text);
    labels.forEach((label, i) => {
      const history = labels.slice(0, i);
      for (let length = 0; length < order; length++) {
        const key = contextKey(history, length);
        const row = counts.get(key) ?? new Map<number, number>();
        row.set(label, (row.get(label) ?? 0) + 1);
        counts.set(key, row);
        totals.set(key, (totals.get(key) ?? 0) + 1);
      }
    });
  }
  // Witten-Bell: P(c | h) = (count(h, c) + distinct(h) * P(c | shorter h)) / (count(h) + distinct(h)).
  const probability = (history: readonly number[], label: number, length: number): number => {
    const key = contextKey(history, length);
    const row = counts.get(key);
    const total = totals.get(key) ?? 0;
    const seen = row?.get(label) ?? 0;
    if (length === 0) return (seen + 1) / (total + vocabulary);
    const lower = probability(history, label, length - 1);
    if (row === undefined || total === 0) return lower;
    return (seen + row.size * lower) / (total + row.size);
  };
  const scoreExtension = (prefix: readonly number[], label: number): number => {
    checkLabels('scoreExtension', 'prefix', prefix);
    checkInteger(`${FN}.scoreExtension`, 'label', label, 0, symbols.length - 1);
    // The blank and classes outside the alphabet are no characters.
    if (labelOf.get(symbols[label] ?? '') !== label) return -Infinity;
    return Math.log(probability(prefix, label, order - 1));
  };
  return {
    order,
    scoreExtension,
    logProb: (text) => {
      const labels = encode(text);
      return labels.reduce((acc, label, i) => acc + scoreExtension(labels.slice(0, i), label), 0);
    },
    encode,
    decode: (labels) => checkLabels('decode', 'labels', labels).map((c) => symbols[c] ?? '').join(''),
  };
}

// An n-gram model over class labels: the language model a CTC beam search consults.
import { InputError, checkBoolean, checkInteger, checkKnownOptions, describeValue } from '@rnnkit/core';
import type { CtcLanguageModel } from './ctc_language_model.js';

/** Options of {@link labelNgramModel}. */
export interface LabelNgramOptions {
  /** Classes of the CTC output, the blank among them. */
  classes: number;
  /** Labels of context plus one: 3 scores each label given the two before it. @default 3 */
  order?: number;
  /** The class index of the blank, which is never a label. @default 0 */
  blank?: number;
  /**
   * Also learn where sequences end: the model then has `scoreEnd`, and the end takes its share of
   * every context's probability. A beam search that adds `scoreEnd` stops favouring labellings
   * that stop early or run on. @default false
   */
  end?: boolean;
}

/** A label n-gram model (see {@link labelNgramModel}). */
export interface LabelNgramModel extends CtcLanguageModel {
  readonly order: number;
  readonly classes: number;
  /** log P(labels): each label given the ones before it, and then the end when the model learned ends. */
  logProb(labels: readonly number[]): number;
}

const FN = 'labelNgramModel';

/**
 * Counts label n-grams in `sequences` and scores a label given the `order - 1` before it (the
 * start of a sequence counts as context too), with Witten-Bell interpolation down to an add-one
 * unigram, so every label keeps a non-zero probability in every context:
 * `P(c | h) = (count(h, c) + distinct(h) * P(c | h shortened)) / (count(h) + distinct(h))`.
 * With `end: true` the end of a sequence is one more event, scored by `scoreEnd`.
 *
 * @example
 * const lm = labelNgramModel([[1, 2, 3], [1, 3]], { classes: 4, order: 2, end: true });
 * ctcBeamSearch(logProbs, { languageModel: lm, lmWeight: 0.5 });
 */
export function labelNgramModel(sequences: ReadonlyArray<readonly number[]>, options: LabelNgramOptions): LabelNgramModel {
  if (typeof options !== 'object' || options === null) throw new InputError(FN, 'options', `options must be an object with classes, got ${describeValue(options)}`);
  checkKnownOptions(FN, 'options', options, ['classes', 'order', 'blank', 'end']);
  const classes = checkInteger(FN, 'classes', options.classes, 2, 1 << 20);
  return countNgrams(FN, sequences, {
    classes,
    order: checkInteger(FN, 'order', options.order ?? 3, 1, 16),
    blank: checkInteger(FN, 'blank', options.blank ?? 0, 0, classes - 1),
    end: checkBoolean(FN, 'end', options.end ?? false),
  });
}

/** The counting behind {@link labelNgramModel} and the character model, with errors told under `fn`. */
export function countNgrams(fn: string, sequences: ReadonlyArray<readonly number[]>, options: Required<LabelNgramOptions>): LabelNgramModel {
  const { classes, order, blank, end: learnsEnd } = options;
  if (!Array.isArray(sequences)) throw new InputError(fn, 'sequences', `sequences must be an array of label arrays, got ${describeValue(sequences)}`);
  // `shown` names the array in the message: the argument itself or one of its entries.
  const checkLabels = (caller: string, argument: string, labels: unknown, shown = argument): readonly number[] => {
    if (!Array.isArray(labels)) throw new InputError(caller, argument, `${shown} must be an array of class indices, got ${describeValue(labels)}`);
    labels.forEach((c: unknown, i) => {
      if (!Number.isInteger(c) || (c as number) < 0 || (c as number) >= classes) throw new InputError(caller, argument, `${shown}[${i}] must be an integer in [0, ${classes - 1}], got ${describeValue(c)}`);
      if (c === blank) throw new InputError(caller, argument, `${shown}[${i}] is the blank (${blank}), which is no label`);
    });
    return labels as number[];
  };
  // The end is event `classes`, past every class index.
  const END = classes;
  const vocabulary = classes - 1 + (learnsEnd ? 1 : 0);
  // Per context (its last `length` labels, -1 standing before the start): label counts and their total.
  const counts = new Map<string, Map<number, number>>();
  const totals = new Map<string, number>();
  // Only the last `length` labels are copied: a beam search asks with ever longer prefixes.
  const contextKey = (history: readonly number[], length: number): string => {
    const tail = history.slice(Math.max(0, history.length - length));
    return `${length}|${[...new Array<number>(length - tail.length).fill(-1), ...tail].join(',')}`;
  };
  sequences.forEach((sequence, n) => {
    const labels = checkLabels(fn, 'sequences', sequence, `sequences[${n}]`);
    const events = learnsEnd ? [...labels, END] : labels;
    events.forEach((label, i) => {
      const history = labels.slice(0, i);
      for (let length = 0; length < order; length++) {
        const key = contextKey(history, length);
        const row = counts.get(key) ?? new Map<number, number>();
        row.set(label, (row.get(label) ?? 0) + 1);
        counts.set(key, row);
        totals.set(key, (totals.get(key) ?? 0) + 1);
      }
    });
  });
  // A beam search asks for the same (context, label) at every frame: remember the answers, up to
  // a bound, so a model that pronounces for a long-running server does not grow without end.
  const known = new Map<string, number>();
  const REMEMBERED = 1 << 20;
  const probability = (history: readonly number[], label: number, length: number): number => {
    const key = contextKey(history, length);
    const remembered = known.get(`${key}>${label}`);
    if (remembered !== undefined) return remembered;
    const row = counts.get(key);
    const total = totals.get(key) ?? 0;
    const seen = row?.get(label) ?? 0;
    let p: number;
    if (length === 0) p = (seen + 1) / (total + vocabulary);
    else {
      const lower = probability(history, label, length - 1);
      p = row === undefined || total === 0 ? lower : (seen + row.size * lower) / (total + row.size);
    }
    if (known.size >= REMEMBERED) known.clear();
    known.set(`${key}>${label}`, p);
    return p;
  };
  const scoreExtension = (prefix: readonly number[], label: number): number => {
    checkLabels(`${fn}.scoreExtension`, 'prefix', prefix);
    checkInteger(`${fn}.scoreExtension`, 'label', label, 0, classes - 1);
    if (label === blank) return -Infinity;
    return Math.log(probability(prefix, label, order - 1));
  };
  const scoreEnd = (labels: readonly number[]): number => {
    checkLabels(`${fn}.scoreEnd`, 'labels', labels);
    return Math.log(probability(labels, END, order - 1));
  };
  return {
    order,
    classes,
    scoreExtension,
    ...(learnsEnd ? { scoreEnd } : {}),
    logProb: (labels) => {
      const checked = checkLabels(`${fn}.logProb`, 'labels', labels);
      const body = checked.reduce((acc, label, i) => acc + scoreExtension(checked.slice(0, i), label), 0);
      return learnsEnd ? body + scoreEnd(checked) : body;
    },
  };
}

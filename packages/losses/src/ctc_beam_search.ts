// CTC prefix beam search: the most probable labellings, each summed over its alignments.
import type * as tf from '@tensorflow/tfjs-core';
import { InputError, checkInteger, checkKnownOptions, checkNumber, describeValue } from '@rnnkit/core';
import type { CtcLanguageModel } from './ctc_language_model.js';
import type { FrameOptions } from './read_frames.js';
import { readFrames } from './read_frames.js';

/** One decoded labelling. */
export interface CtcHypothesis {
  /** The labels, blanks and repeats already resolved. */
  readonly labels: number[];
  /** log P(labels | frames): summed over every alignment the beam kept (all of them with a wide enough beam). */
  readonly logProb: number;
  /** The ranking score: `logProb + lmWeight * lmLogProb + insertionBonus * labels.length`. */
  readonly score: number;
  /** The language model's log-probability of the labels (with the end, where the model scores it), 0 without a model. */
  readonly lmLogProb: number;
}

/** Options of {@link ctcBeamSearch}. */
export interface CtcBeamSearchOptions extends FrameOptions {
  /** Prefixes kept after each frame. @default 16 */
  beamWidth?: number;
  /** Hypotheses returned per sample, best first; at most `beamWidth`. @default 1 */
  topK?: number;
  /** The class index of the blank. @default 0 */
  blank?: number;
  /** Frames per sample, in [0, T]. @default T for every sample */
  inputLengths?: FrameOptions['inputLengths'];
  /** The input is (N, T, C) instead of (T, N, C). @default false */
  batchFirst?: boolean;
  /** Scores each extension of a prefix; see {@link CtcLanguageModel}. @default none */
  languageModel?: CtcLanguageModel;
  /** Weight of the language model's log-probability in the score. @default 1 */
  lmWeight?: number;
  /** Added to the score per label, to offset the model's preference for short labellings. @default 0 */
  insertionBonus?: number;
  /** Classes whose log-probability at a frame is below this are not tried as extensions there. @default -Infinity (try every class) */
  pruneBelow?: number;
}

const FN = 'ctcBeamSearch';
const OPTIONS = ['beamWidth', 'topK', 'blank', 'inputLengths', 'batchFirst', 'languageModel', 'lmWeight', 'insertionBonus', 'pruneBelow'];

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** A prefix with the log-probabilities of its alignments ending in a blank and in its last label. */
interface Prefix {
  readonly labels: number[];
  blankEnd: number;
  labelEnd: number;
  readonly lm: number;
}

/**
 * Prefix beam search (Hannun et al. 2014) over each sample's frames. Every prefix carries the
 * log-probability of its alignments ending in a blank and ending in its last label, so a
 * labelling's probability sums over all its alignments that stayed in the beam. The language
 * model's score of a prefix depends only on its labels, so it is kept apart from the acoustic
 * probability: it steers which prefixes survive and the final order, while `logProb` stays the
 * model's own probability of the labelling.
 *
 * Returns per sample the `topK` best hypotheses by score, best first.
 *
 * @example
 * const [[best]] = ctcBeamSearch(logProbs, { beamWidth: 32 }); // best.labels, best.logProb
 */
export function ctcBeamSearch(logProbs: tf.Tensor3D, options: CtcBeamSearchOptions = {}): CtcHypothesis[][] {
  checkKnownOptions(FN, 'options', options, OPTIONS);
  const beamWidth = checkInteger(FN, 'beamWidth', options.beamWidth ?? 16, 1);
  const topK = checkInteger(FN, 'topK', options.topK ?? 1, 1, beamWidth);
  const lmWeight = checkNumber(FN, 'lmWeight', options.lmWeight ?? 1, -1e6, 1e6);
  const insertionBonus = checkNumber(FN, 'insertionBonus', options.insertionBonus ?? 0, -1e6, 1e6);
  const pruneBelow = options.pruneBelow ?? -Infinity;
  if (typeof pruneBelow !== 'number' || Number.isNaN(pruneBelow)) {
    throw new InputError(FN, 'pruneBelow', `pruneBelow must be a number (a log-probability), got ${describeValue(pruneBelow)}`);
  }
  const lm = options.languageModel;
  if (lm !== undefined && (typeof lm !== 'object' || lm === null || typeof lm.scoreExtension !== 'function' || !['undefined', 'function'].includes(typeof lm.scoreEnd))) {
    throw new InputError(FN, 'languageModel', `languageModel must be an object with scoreExtension(prefix, label) and optionally scoreEnd(labels), got ${describeValue(lm)}`);
  }
  const { data, batch, classes, lengths, blank } = readFrames(FN, logProbs, options);
  const score = (p: Prefix): number => logAdd(p.blankEnd, p.labelEnd) + lmWeight * p.lm + insertionBonus * p.labels.length;
  const extensionScore = (prefix: readonly number[], label: number): number => {
    if (lm === undefined) return 0;
    const value = lm.scoreExtension(prefix, label);
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new InputError(FN, 'languageModel', `languageModel.scoreExtension must return a log-probability, got ${describeValue(value)} for label ${label} after [${prefix.join(', ')}]`);
    }
    return value;
  };
  const endScore = (labels: readonly number[]): number => {
    if (lm?.scoreEnd === undefined) return 0;
    const value = lm.scoreEnd(labels);
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new InputError(FN, 'languageModel', `languageModel.scoreEnd must return a log-probability, got ${describeValue(value)} after [${labels.join(', ')}]`);
    }
    return value;
  };
  const results: CtcHypothesis[][] = [];
  for (let n = 0; n < batch; n++) {
    let beam: Prefix[] = [{ labels: [], blankEnd: 0, labelEnd: -Infinity, lm: 0 }];
    for (let t = 0; t < (lengths[n] as number); t++) {
      const row = (t * batch + n) * classes;
      const lp = (c: number): number => data[row + c] as number;
      const next = new Map<string, Prefix>();
      const entry = (labels: number[], lmScore: () => number): Prefix => {
        const key = labels.join(',');
        let p = next.get(key);
        if (p === undefined) {
          p = { labels, blankEnd: -Infinity, labelEnd: -Infinity, lm: lmScore() };
          next.set(key, p);
        }
        return p;
      };
      for (const p of beam) {
        const total = logAdd(p.blankEnd, p.labelEnd);
        const last = p.labels[p.labels.length - 1];
        const same = entry(p.labels, () => p.lm);
        same.blankEnd = logAdd(same.blankEnd, total + lp(blank));
        // Repeating the last label without a blank in between keeps the labelling.
        if (last !== undefined) same.labelEnd = logAdd(same.labelEnd, p.labelEnd + lp(last));
        for (let c = 0; c < classes; c++) {
          if (c === blank || lp(c) < pruneBelow) continue;
          const child = entry([...p.labels, c], () => p.lm + extensionScore(p.labels, c));
          // After its own label, the same label only starts a new one across a blank.
          child.labelEnd = logAdd(child.labelEnd, (c === last ? p.blankEnd : total) + lp(c));
        }
      }
      beam = [...next.values()].sort((a, b) => score(b) - score(a) || 0).slice(0, beamWidth);
    }
    // The end is scored once, on the hypotheses that lasted to the last frame.
    const finished = beam.map((p) => {
      const end = endScore(p.labels);
      return { labels: p.labels, logProb: logAdd(p.blankEnd, p.labelEnd), score: score(p) + lmWeight * end, lmLogProb: p.lm + end };
    });
    results.push(finished.sort((a, b) => b.score - a.score || 0).slice(0, topK));
  }
  return results;
}

// The label n-gram model against hand-worked Witten-Bell probabilities, and the beam search's end score.
import { describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { describeWithBackends } from '@rnnkit/testing/jest';
import type { CtcLanguageModel } from '../index.js';
import { characterNgramModel, ctcBeamSearch, labelNgramModel } from '../index.js';

describe('labelNgramModel', () => {
  // Witten-Bell by hand for the corpus [1, 2], [1] over labels 1, 2 and the end (E), order 2:
  // unigram counts 1:2, 2:1, E:2 of 5, add-one over 3 events: P(1) = 3/8, P(2) = 2/8, P(E) = 3/8.
  // After the start: {1: 2}, 1 distinct: P(1 | ^) = (2 + 3/8) / 3 = 19/24, P(2 | ^) = (2/8) / 3,
  // P(E | ^) = (3/8) / 3. After 1: {2: 1, E: 1}: P(2 | 1) = (1 + 2 * 2/8) / 4 = 3/8, P(1 | 1) =
  // (2 * 3/8) / 4 = 3/16, P(E | 1) = (1 + 2 * 3/8) / 4 = 7/16. After 2: {E: 1}: P(E | 2) = (1 + 3/8) / 2.
  const lm = labelNgramModel([[1, 2], [1]], { classes: 3, order: 2, end: true });

  it('gives the hand-worked Witten-Bell probabilities, the end included', () => {
    expect(Math.exp(lm.scoreExtension([], 1))).toBeCloseTo(19 / 24, 12);
    expect(Math.exp(lm.scoreExtension([], 2))).toBeCloseTo(2 / 8 / 3, 12);
    expect(Math.exp(lm.scoreEnd?.([]) ?? NaN)).toBeCloseTo(3 / 8 / 3, 12);
    expect(Math.exp(lm.scoreExtension([1], 2))).toBeCloseTo(3 / 8, 12);
    expect(Math.exp(lm.scoreExtension([1], 1))).toBeCloseTo(3 / 16, 12);
    expect(Math.exp(lm.scoreEnd?.([1]) ?? NaN)).toBeCloseTo(7 / 16, 12);
    expect(Math.exp(lm.scoreEnd?.([2, 2, 2]) ?? NaN)).toBeCloseTo((1 + 3 / 8) / 2, 12);
    expect(lm.logProb([1, 2])).toBeCloseTo(Math.log(19 / 24) + Math.log(3 / 8) + Math.log(11 / 16), 12);
    expect(lm.scoreExtension([1], 0)).toBe(-Infinity);
  });

  it('is a distribution over the labels and the end in every context, at every order', () => {
    const corpus = [[1, 2, 3, 1], [2, 2], [3, 1, 2], [1]];
    for (const order of [1, 2, 4]) {
      const model = labelNgramModel(corpus, { classes: 4, order, end: true });
      for (const prefix of [[], [1], [2, 2], [3, 1, 2], [3, 3, 3, 3]]) {
        const total = [1, 2, 3].reduce((acc, c) => acc + Math.exp(model.scoreExtension(prefix, c)), Math.exp(model.scoreEnd?.(prefix) ?? NaN));
        expect(total).toBeCloseTo(1, 12);
      }
    }
  });

  it('without ends, scores as the character model does over the same classes', () => {
    const chars = characterNgramModel(['abca', 'bb', 'cab'], '_abc', { order: 3 });
    const labels = labelNgramModel(['abca', 'bb', 'cab'].map((t) => chars.encode(t)), { classes: 4, order: 3 });
    expect(labels.scoreEnd).toBeUndefined();
    for (const prefix of [[], [1], [2, 3], [3, 1, 2]]) {
      for (const c of [1, 2, 3]) expect(labels.scoreExtension(prefix, c)).toBe(chars.scoreExtension(prefix, c));
    }
  });

  it('rejects the blank inside a sequence, labels out of range and unknown options', () => {
    expect(() => labelNgramModel([[1, 0, 2]], { classes: 3 })).toThrow('labelNgramModel: sequences[0][1] is the blank (0), which is no label');
    expect(() => labelNgramModel([[1, 3]], { classes: 3 })).toThrow('labelNgramModel: sequences[0][1] must be an integer in [0, 2], got 3');
    expect(() => labelNgramModel([[1]], { classes: 1 })).toThrow('labelNgramModel: classes must be an integer in [2, 1048576], got 1');
    expect(() => lm.scoreExtension([1, 5], 1)).toThrow('labelNgramModel.scoreExtension: prefix[1] must be an integer in [0, 2], got 5');
    expect(() => labelNgramModel([[1]], { classes: 3, ends: true } as object as { classes: number })).toThrow('unknown option "ends"');
  });
});

describeWithBackends(['cpu'], 'ctcBeamSearch with a model of the end', () => {
  it('adds lmWeight times the end score to each finished hypothesis before ranking', () => {
    // Two frames: [1] alone is likelier (0.6) than [1, 2] (0.4 * 0.9 + ...); an end score that
    // prefers two labels turns the order around.
    const frames = [[-5, -0.01, -5], [-0.51, -5, -0.92]];
    const x = tf.tensor3d(frames.map((row) => [row]));
    const plain = ctcBeamSearch(x, { topK: 2 })[0] ?? [];
    expect(plain.map((h) => h.labels)).toEqual([[1], [1, 2]]);
    const endsAfterTwo: CtcLanguageModel = { scoreExtension: () => 0, scoreEnd: (labels) => Math.log(labels.length === 2 ? 0.9 : 0.1) };
    const steered = ctcBeamSearch(x, { topK: 2, languageModel: endsAfterTwo, lmWeight: 2 })[0] ?? [];
    expect(steered.map((h) => h.labels)).toEqual([[1, 2], [1]]);
    const acoustic = (labels: number[]): number => plain.find((h) => h.labels.join() === labels.join())?.logProb ?? NaN;
    expect(steered[0]?.logProb).toBeCloseTo(acoustic([1, 2]), 10);
    expect(steered[0]?.lmLogProb).toBeCloseTo(Math.log(0.9), 12);
    expect(steered[0]?.score).toBeCloseTo(acoustic([1, 2]) + 2 * Math.log(0.9), 10);
    expect(steered[1]?.score).toBeCloseTo(acoustic([1]) + 2 * Math.log(0.1), 10);
    expect(() => ctcBeamSearch(x, { languageModel: { scoreExtension: () => 0, scoreEnd: () => NaN } })).toThrow('ctcBeamSearch: languageModel.scoreEnd must return a log-probability, got NaN after [');
    expect(() => ctcBeamSearch(x, { languageModel: { scoreExtension: () => 0, scoreEnd: 3 } as unknown as CtcLanguageModel })).toThrow('ctcBeamSearch: languageModel must be an object with scoreExtension(prefix, label) and optionally scoreEnd(labels)');
    x.dispose();
  });
});

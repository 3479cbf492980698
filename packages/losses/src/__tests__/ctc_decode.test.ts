// CTC decoders against brute force over every alignment, the language-model hook and the n-gram model.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@rnnkit/core';
import { describeWithBackends } from '@rnnkit/testing/jest';
import type { CtcLanguageModel } from '../index.js';
import { characterNgramModel, ctcBeamSearch, ctcGreedyDecode } from '../index.js';
import { labellingLogProbs, logSoftmaxRows } from './float64_reference.js';

const random = seededRandom(23);

function randomLogProbs(steps: number, batch: number, classes: number, scale = 2.5): number[][][] {
  return Array.from({ length: steps }, () => logSoftmaxRows(Array.from({ length: batch }, () => Array.from({ length: classes }, () => (random() - 0.5) * 2 * scale))));
}

describeWithBackends(['cpu', 'wasm'], 'CTC decoding', () => {
  it('greedy: argmax per frame, repeats merged, blanks dropped, lengths respected, blank anywhere', () => {
    const pick = (classes: number[]): number[][] => classes.map((c) => [0, 1, 2, 3].map((k) => (k === c ? 0 : -5)));
    const a = pick([1, 1, 0, 1, 2, 2, 3, 0]);
    const b = pick([0, 3, 3, 3, 0, 0, 2, 1]);
    const x = tf.tensor3d(a.map((row, t) => [row, b[t] as number[]]));
    expect(ctcGreedyDecode(x)).toEqual([[1, 1, 2, 3], [3, 2, 1]]);
    expect(ctcGreedyDecode(x, { inputLengths: [4, 7] })).toEqual([[1, 1], [3, 2]]);
    expect(ctcGreedyDecode(x, { blank: 3 })).toEqual([[1, 0, 1, 2, 0], [0, 0, 2, 1]]);
    const xb = tf.transpose(x, [1, 0, 2]) as tf.Tensor3D;
    expect(ctcGreedyDecode(xb, { batchFirst: true })).toEqual([[1, 1, 2, 3], [3, 2, 1]]);
    tf.dispose([x, xb]);
  });

  it('beam search with a wide beam gives the exact top labellings, summed over all alignments', () => {
    const steps = 6;
    const lp = randomLogProbs(steps, 3, 4);
    const x = tf.tensor3d(lp);
    for (const blank of [0, 2]) {
      const decoded = ctcBeamSearch(x, { beamWidth: 256, topK: 6, blank });
      decoded.forEach((hypotheses, n) => {
        const exact = [...labellingLogProbs(lp.map((row) => row[n] as number[]), blank)].sort((p, q) => q[1] - p[1]).slice(0, 6);
        expect(hypotheses.map((h) => h.labels.join(','))).toEqual(exact.map(([k]) => k));
        hypotheses.forEach((h, k) => {
          expect(Math.abs(h.logProb - (exact[k] as [string, number])[1])).toBeLessThan(1e-4);
          expect(h.score).toBe(h.logProb);
        });
      });
    }
    x.dispose();
  });

  it('beam search respects input lengths and agrees with greedy on peaked frames', () => {
    // One class per frame holds nearly all the mass, so the best path spells the best labelling.
    const lp = Array.from({ length: 10 }, () => Array.from({ length: 2 }, () => {
      const top = Math.floor(random() * 5);
      return logSoftmaxRows([[0, 1, 2, 3, 4].map((c) => (c === top ? 0 : -20))])[0] as number[];
    }));
    const x = tf.tensor3d(lp);
    const beam = ctcBeamSearch(x, { inputLengths: [10, 6], beamWidth: 4 }).map((h) => h[0]?.labels);
    expect(beam).toEqual(ctcGreedyDecode(x, { inputLengths: [10, 6] }));
    const short = ctcBeamSearch(x, { inputLengths: [0, 6] });
    expect(short[0]).toEqual([{ labels: [], logProb: 0, score: 0, lmLogProb: 0 }]);
    x.dispose();
  });

  it('a language model reorders the hypotheses but leaves their acoustic log-probabilities alone', () => {
    // Frames that cannot tell class 1 from class 2 at the middle step.
    const frames = [[-0.1, -3, -3], [-3, -0.69, -0.71], [-0.1, -3, -3]];
    const x = tf.tensor3d(frames.map((row) => [row]));
    const plain = ctcBeamSearch(x, { topK: 2 })[0] ?? [];
    expect(plain[0]?.labels).toEqual([1]);
    const prefers2: CtcLanguageModel = { scoreExtension: (_prefix, label) => (label === 2 ? Math.log(0.9) : Math.log(0.1)) };
    const steered = ctcBeamSearch(x, { topK: 2, languageModel: prefers2 })[0] ?? [];
    expect(steered[0]?.labels).toEqual([2]);
    const same = (labels: number[]): number | undefined => plain.find((h) => h.labels.join() === labels.join())?.logProb;
    expect(steered[0]?.logProb).toBeCloseTo(same([2]) ?? NaN, 6);
    expect(steered[0]?.lmLogProb).toBeCloseTo(Math.log(0.9), 6);
    expect(steered[0]?.score).toBeCloseTo((steered[0]?.logProb ?? NaN) + Math.log(0.9), 6);
    x.dispose();
  });

  it('the character n-gram model gives a distribution over the alphabet in every context, and learns its corpus', () => {
    const lm = characterNgramModel(['abab', 'abba', 'aab'], '_ab', { order: 3 });
    for (const prefix of [[], [1], [1, 2], [2, 2, 1], [1, 1, 1, 1]]) {
      const total = Math.exp(lm.scoreExtension(prefix, 1)) + Math.exp(lm.scoreExtension(prefix, 2));
      expect(total).toBeCloseTo(1, 10);
    }
    expect(lm.scoreExtension([1], 0)).toBe(-Infinity);
    expect(lm.logProb('ab')).toBeGreaterThan(lm.logProb('ba'));
    expect(lm.encode('ba')).toEqual([2, 1]);
    expect(lm.decode([2, 1])).toBe('ba');
    expect(() => lm.encode('abc')).toThrow('characterNgramModel: character "c" at 2 of "abc" is not in the alphabet');
    expect(() => characterNgramModel(['ab'], '_aa')).toThrow('alphabet holds "a" twice');
    expect(() => characterNgramModel(['ab'], '_ab', { order: 0 })).toThrow('characterNgramModel: order must be an integer in [1, 16], got 0');
  });

  it('rejects bad input with the argument and what came', () => {
    const x = tf.zeros([4, 2, 3]) as tf.Tensor3D;
    expect(() => ctcGreedyDecode(x, { blank: 3 })).toThrow('ctcGreedyDecode: blank must be an integer in [0, 2], got 3');
    expect(() => ctcGreedyDecode(x, { inputLengths: [5, 1] })).toThrow('ctcGreedyDecode: inputLengths[0] must be an integer in [0, 4] (T=4), got 5');
    expect(() => ctcGreedyDecode(tf.zeros([4, 3]) as unknown as tf.Tensor3D)).toThrow('ctcGreedyDecode: logProbs must be 3-D (T, N, C), got shape [4, 3]');
    expect(() => ctcBeamSearch(x, { beamWidth: 0 })).toThrow('ctcBeamSearch: beamWidth must be an integer >= 1, got 0');
    expect(() => ctcBeamSearch(x, { beamWidth: 2, topK: 3 })).toThrow('ctcBeamSearch: topK must be an integer in [1, 2], got 3');
    expect(() => ctcBeamSearch(x, { languageModel: {} as CtcLanguageModel })).toThrow('ctcBeamSearch: languageModel must be an object with scoreExtension(prefix, label)');
    expect(() => ctcBeamSearch(x, { languageModel: { scoreExtension: () => NaN } })).toThrow('ctcBeamSearch: languageModel.scoreExtension must return a log-probability, got NaN');
    expect(() => ctcBeamSearch(x, { width: 3 } as object)).toThrow('unknown option "width"');
    x.dispose();
  });
});

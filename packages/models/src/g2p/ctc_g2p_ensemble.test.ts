// The ensemble's frames against the members' probabilities averaged in float64 by hand.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { ctcGreedyDecode } from '@rnnkit/losses';
import { useBackend } from '@rnnkit/testing';
import { CtcG2pEnsemble } from './ctc_g2p_ensemble.js';
import { CtcG2pModel } from './ctc_g2p_model.js';
import { ARPABET_PHONEMES } from './g2p_symbols.js';
import { phonemeNgramModel } from './phoneme_ngram_model.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('CtcG2pEnsemble', () => {
  let a: CtcG2pModel;
  let b: CtcG2pModel;
  let ensemble: CtcG2pEnsemble;
  const words = ['CAT', 'ABACUS', 'Q'];
  beforeAll(() => {
    a = new CtcG2pModel({ hiddenSize: 8, numLayers: 1, seed: 1 });
    b = new CtcG2pModel({ hiddenSize: 6, numLayers: 2, seed: 2 });
    ensemble = new CtcG2pEnsemble([a, b]);
  });
  afterAll(() => ensemble.dispose());

  it('averages the members\u2019 frame probabilities (log of the mean), frame by frame', () => {
    const [pa, pb] = [a.frameLogProbs(words), b.frameLogProbs(words)];
    const [la, lb] = [pa.logProbs.arraySync(), pb.logProbs.arraySync()];
    const mean = la.map((frame, t) => frame.map((row, n) => row.map((v, c) => Math.log((Math.exp(v) + Math.exp(lb[t]?.[n]?.[c] ?? NaN)) / 2))));
    const { logProbs, lengths } = ensemble.frameLogProbs(words);
    expect(lengths).toEqual([6, 12, 2]);
    expect(pa.lengths).toEqual(lengths);
    const got = logProbs.arraySync();
    mean.forEach((frame, t) => frame.forEach((row, n) => row.forEach((v, c) => expect(Math.abs((got[t]?.[n]?.[c] ?? NaN) - v)).toBeLessThan(1e-5))));
    // Greedy decoding of the mean, from the hand-made mean.
    const reference = tf.tensor3d(mean);
    const expected = ctcGreedyDecode(reference, { inputLengths: lengths }).map((labels) => labels.map((c) => ARPABET_PHONEMES[c - 1]));
    expect(ensemble.pronounce(words).map((p) => p.phonemes)).toEqual(expected);
    tf.dispose([pa.logProbs, pb.logProbs, logProbs, reference]);
  });

  it('of one member, pronounces as the member does, with a language model too', () => {
    const single = new CtcG2pEnsemble([a]);
    const lm = phonemeNgramModel([['K', 'AE', 'T'], ['D', 'AO', 'G']], { order: 2 });
    const options = { beam: 4, languageModel: lm, lmWeight: 2, insertionBonus: 0.5 };
    expect(single.pronounce(words, options)).toEqual(a.pronounce(words, options));
    expect(single.pronounce(words)).toEqual(a.pronounce(words));
  });

  it('refuses what is not a list of CTC models, and an attention alignment', () => {
    expect(() => new CtcG2pEnsemble([])).toThrow('CtcG2pEnsemble: members must be a non-empty array of CtcG2pModel');
    expect(() => new CtcG2pEnsemble([a, {} as CtcG2pModel])).toThrow('CtcG2pEnsemble: members[1] must be a CtcG2pModel');
    expect(() => ensemble.pronounce(['CAT'], { alignment: true })).toThrow('CtcG2pEnsemble.pronounce: alignment must be false for a CTC model');
  });
});

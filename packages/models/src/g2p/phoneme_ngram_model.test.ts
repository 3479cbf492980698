// The phoneme n-gram model against hand-counted probabilities, and CTC decoding steered by it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ctcBeamSearch } from '@rnnkit/losses';
import { useBackend } from '@rnnkit/testing';
import { CtcG2pModel } from './ctc_g2p_model.js';
import { AttentionG2pModel } from './attention_g2p_model.js';
import { phonemeIds } from './phoneme_ids.js';
import { phonemeNgramModel } from './phoneme_ngram_model.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('phonemeNgramModel', () => {
  it('counts phonemes and word ends over the CTC classes (phoneme id + 1), by hand at order 1', () => {
    // K AE T then the end: 4 events; add-one over 39 phonemes and the end: P(K) = 2/44, P(AA) = 1/44.
    const lm = phonemeNgramModel([['K', 'AE', 'T']], { order: 1 });
    const k = (phonemeIds(['K'])[0] ?? NaN) + 1;
    expect(lm.classes).toBe(40);
    expect(Math.exp(lm.scoreExtension([], k))).toBeCloseTo(2 / 44, 12);
    expect(Math.exp(lm.scoreExtension([k], 1))).toBeCloseTo(1 / 44, 12);
    expect(Math.exp(lm.scoreEnd?.([k]) ?? NaN)).toBeCloseTo(2 / 44, 12);
    expect(lm.logProb([k])).toBeCloseTo(2 * Math.log(2 / 44), 12);
    expect(lm.scoreExtension([], 0)).toBe(-Infinity);
  });

  it('names the pronunciation that is not ARPAbet', () => {
    expect(() => phonemeNgramModel([['K'], ['K', 'AE1']])).toThrow('phonemeNgramModel: pronunciations[1]: pronunciation[1] must be one of the 39 ARPAbet phonemes');
  });
});

describe('CtcG2pModel.pronounce with a language model', () => {
  let model: CtcG2pModel;
  const words = ['CAT', 'ABACUS', 'Q'];
  beforeAll(() => {
    model = new CtcG2pModel({ hiddenSize: 8, numLayers: 1, seed: 3 });
  });
  afterAll(() => model.dispose());

  it('at weight 0 decodes as the plain beam search does', () => {
    const lm = phonemeNgramModel([['K', 'AE', 'T']], { order: 3 });
    const plain = model.pronounce(words, { beam: 4 });
    expect(model.pronounce(words, { beam: 4, languageModel: lm, lmWeight: 0 })).toEqual(plain);
  });

  it("follows ctcBeamSearch with the same model, weight and bonus on the model's own log-probabilities", () => {
    const lm = phonemeNgramModel([['K', 'AE', 'T'], ['AE', 'B', 'AH', 'K', 'AH', 'S']], { order: 2 });
    const said = model.pronounce(words, { beam: 4, languageModel: lm, lmWeight: 3, insertionBonus: 0.5 });
    // The untrained model's frames, read through the same public pieces: each word alone.
    words.forEach((w, n) => {
      const { logProbs: frames, lengths } = model.frameLogProbs([w]);
      const best = ctcBeamSearch(frames, { inputLengths: lengths, beamWidth: 4, languageModel: lm, lmWeight: 3, insertionBonus: 0.5 })[0]?.[0]?.labels ?? [];
      frames.dispose();
      expect(phonemeIds(said[n]?.phonemes ?? []).map((id) => id + 1)).toEqual(best);
    });
  });

  it('a heavy model of one pronunciation pulls every word to it', () => {
    const lm = phonemeNgramModel([['K', 'AE', 'T']], { order: 4 });
    const said = model.pronounce(['CAT', 'DOG'], { beam: 16, languageModel: lm, lmWeight: 50 });
    expect(said.map((p) => p.phonemes)).toEqual([['K', 'AE', 'T'], ['K', 'AE', 'T']]);
  });

  it('is refused by the attention model, and its weights without it', () => {
    const attention = new AttentionG2pModel({ hiddenSize: 4, embeddingSize: 3, seed: 1 });
    const lm = phonemeNgramModel([['K', 'AE', 'T']]);
    expect(() => attention.pronounce(['CAT'], { languageModel: lm })).toThrow("AttentionG2pModel.pronounce: languageModel steers the CTC model's beam search");
    expect(() => model.pronounce(['CAT'], { lmWeight: 1 })).toThrow('CtcG2pModel.pronounce: lmWeight weighs a language model: give languageModel too');
    attention.dispose();
  });
});

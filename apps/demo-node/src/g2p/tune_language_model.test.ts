// The language model's weight and bonus are chosen on dev words: every grid setting is tried, and
// the chosen one has the lowest WER (then PER) of those evaluated one by one.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { CtcG2pModel, phonemeNgramModel } from '@rnnkit/models';
import { useBackend } from '@rnnkit/testing';
import type { LexiconWord } from './cmudict_lexicon.js';
import { evaluateG2p } from './evaluate_g2p.js';
import { LM_BONUS_GRID, LM_WEIGHT_GRID, tuneLanguageModel } from './tune_language_model.js';

const words = (list: Array<[string, string[][]]>): LexiconWord[] => list.map(([word, pronunciations]) => ({ word, pronunciations, stressed: pronunciations }));

beforeAll(async () => {
  await useBackend('wasm');
});

describe('tuneLanguageModel', () => {
  it('tries the whole grid where nothing is given, and keeps the best dev setting', () => {
    const model = new CtcG2pModel({ hiddenSize: 8, numLayers: 1, seed: 5 });
    const lm = phonemeNgramModel([['K', 'AE', 'T'], ['D', 'AO', 'G'], ['K', 'AA', 'T']], { order: 3 });
    const dev = words([['CAT', [['K', 'AE', 'T']]], ['DOG', [['D', 'AO', 'G']]], ['COT', [['K', 'AA', 'T']]]]);
    const tuned = tuneLanguageModel(model, lm, dev, 4, {});
    expect(tuned.tried.map((t) => [t.weight, t.bonus])).toEqual(LM_WEIGHT_GRID.flatMap((w) => LM_BONUS_GRID.map((b) => [w, b])));
    const rates = tuned.tried.map((t) => evaluateG2p(model, dev, { beam: 4, languageModel: lm, lmWeight: t.weight, insertionBonus: t.bonus }));
    expect(tuned.tried.map((t) => [t.per, t.wer])).toEqual(rates.map((r) => [r.per, r.wer]));
    const best = Math.min(...rates.map((r) => r.wer));
    const chosen = tuned.tried.find((t) => t.weight === tuned.weight && t.bonus === tuned.bonus);
    expect(chosen?.wer).toBe(best);
    expect(chosen?.per).toBe(Math.min(...tuned.tried.filter((t) => t.wer === best).map((t) => t.per)));
    const onlyBonus = tuneLanguageModel(model, lm, dev, 4, { weight: 0.3 });
    expect(onlyBonus.tried.map((t) => t.weight)).toEqual(LM_BONUS_GRID.map(() => 0.3));
    model.dispose();
  });
});

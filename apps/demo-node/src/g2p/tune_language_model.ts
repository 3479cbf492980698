// Chooses the phoneme language model's weight and per-phoneme bonus on dev words.
import type { CtcLanguageModel } from '@rnnkit/losses';
import type { G2pModel } from '@rnnkit/models';
import type { LexiconWord } from './cmudict_lexicon.js';
import { evaluateG2p } from './evaluate_g2p.js';

/** The grid searched where a value is not given: weights around where CTC fusion usually lands, bonuses that offset them. */
export const LM_WEIGHT_GRID = [0.2, 0.3, 0.4, 0.5, 0.6];
export const LM_BONUS_GRID = [0, 0.5, 1, 1.5, 2];

export interface LanguageModelSetting {
  readonly weight: number;
  readonly bonus: number;
}

export interface TunedLanguageModel extends LanguageModelSetting {
  /** Every setting tried, with its dev PER and WER. */
  readonly tried: ReadonlyArray<LanguageModelSetting & { per: number; wer: number }>;
}

/**
 * Decodes `dev` with every grid setting (only the given value where one is given) and keeps the
 * one with the lowest WER, then PER: the dev words choose, the test words only report.
 */
export function tuneLanguageModel(model: Pick<G2pModel, 'pronounce'>, languageModel: CtcLanguageModel, dev: readonly LexiconWord[], beam: number, given: Partial<LanguageModelSetting>): TunedLanguageModel {
  const tried: Array<LanguageModelSetting & { per: number; wer: number }> = [];
  for (const weight of given.weight === undefined ? LM_WEIGHT_GRID : [given.weight]) {
    for (const bonus of given.bonus === undefined ? LM_BONUS_GRID : [given.bonus]) {
      const { per, wer } = evaluateG2p(model, dev, { beam, languageModel, lmWeight: weight, insertionBonus: bonus });
      tried.push({ weight, bonus, per, wer });
    }
  }
  const best = tried.reduce((a, b) => (b.wer < a.wer || (b.wer === a.wer && b.per < a.per) ? b : a));
  return { weight: best.weight, bonus: best.bonus, tried };
}

// Checks shared by both g2p models: constructor options, a training batch, pronounce options.
import { InputError, checkBoolean, checkInteger, checkKnownOptions, checkNumber, describeValue } from '@rnnkit/core';
import { checkWord } from './check_words.js';
import type { CtcLanguageModel } from '@rnnkit/losses';
import type { G2pModelKind } from './g2p_model.js';
import { ARPABET_PHONEMES } from './g2p_symbols.js';

/** Sizes past these would not fit in memory; a typo (1e6) fails here rather than in the allocator. */
export const MAX_SIZE = 4096;
export const MAX_LAYERS = 16;
/** Widest beam pronounce accepts. */
export const MAX_BEAM = 64;

/** The checked sizes of a model from its options (`embeddingSize` only where `kind` is attention). */
export function checkModelOptions(fn: string, kind: G2pModelKind, options: unknown, defaults: { hiddenSize: number; numLayers: number }): { hiddenSize: number; numLayers: number; dropout: number; embeddingSize: number; seed: number } {
  const known = kind === 'attention' ? ['hiddenSize', 'numLayers', 'dropout', 'embeddingSize', 'seed'] : ['hiddenSize', 'numLayers', 'dropout', 'seed'];
  checkKnownOptions(fn, 'options', options as object | undefined, known);
  const o = (options ?? {}) as Record<string, unknown>;
  return {
    hiddenSize: checkInteger(fn, 'hiddenSize', o['hiddenSize'] ?? defaults.hiddenSize, 1, MAX_SIZE),
    numLayers: checkInteger(fn, 'numLayers', o['numLayers'] ?? defaults.numLayers, 1, MAX_LAYERS),
    dropout: checkNumber(fn, 'dropout', o['dropout'] ?? 0, 0, 1, true),
    embeddingSize: kind === 'attention' ? checkInteger(fn, 'embeddingSize', o['embeddingSize'] ?? 64, 1, MAX_SIZE) : 0,
    seed: checkInteger(fn, 'seed', o['seed'] ?? 0, 0, 2 ** 32 - 4),
  };
}

/** The batch's words normalised and its targets checked: one non-empty list of phoneme ids per word. */
export function checkBatch(fn: string, batch: unknown): { words: string[]; targets: number[][] } {
  if (typeof batch !== 'object' || batch === null || Array.isArray(batch)) {
    throw new InputError(fn, 'batch', `batch must be an object { words, targets }, got ${describeValue(batch)}`);
  }
  const { words, targets } = batch as { words?: unknown; targets?: unknown };
  if (!Array.isArray(words) || words.length === 0) {
    throw new InputError(fn, 'batch.words', `batch.words must be a non-empty array of strings, got ${describeValue(words)}`);
  }
  const checkedWords = words.map((w: unknown, n) => checkWord(fn, `batch.words[${n}]`, w));
  if (!Array.isArray(targets) || targets.length !== words.length) {
    throw new InputError(fn, 'batch.targets', `batch.targets must be an array of one pronunciation per word (${words.length}), got ${describeValue(targets)}`);
  }
  const checkedTargets = targets.map((t: unknown, n) => {
    if (!Array.isArray(t) || t.length === 0) {
      throw new InputError(fn, `batch.targets[${n}]`, `batch.targets[${n}] must be a non-empty array of phoneme ids, got ${describeValue(t)}`);
    }
    return t.map((id: unknown, i) => checkInteger(fn, `batch.targets[${n}][${i}]`, id, 0, ARPABET_PHONEMES.length - 1));
  });
  return { words: checkedWords, targets: checkedTargets };
}

/** Pronounce's options, checked; the language-model ones only where the model decodes with one. */
export interface CheckedPronounceOptions {
  beam: number;
  alignment: boolean;
  languageModel?: { model: CtcLanguageModel; weight: number; insertionBonus: number };
}

/** Checks pronounce's options: a language model and its weights only where `takesLanguageModel`. */
export function checkPronounceOptions(fn: string, options: unknown, defaultBeam: number, takesLanguageModel: boolean): CheckedPronounceOptions {
  checkKnownOptions(fn, 'options', options as object | undefined, ['beam', 'alignment', 'languageModel', 'lmWeight', 'insertionBonus']);
  const o = (options ?? {}) as Record<string, unknown>;
  const checked: CheckedPronounceOptions = { beam: checkInteger(fn, 'beam', o['beam'] ?? defaultBeam, 1, MAX_BEAM), alignment: checkBoolean(fn, 'alignment', o['alignment'] ?? false) };
  const lm = o['languageModel'];
  if (lm === undefined) {
    for (const name of ['lmWeight', 'insertionBonus']) {
      if (o[name] !== undefined) throw new InputError(fn, name, `${name} weighs a language model: give languageModel too, or leave ${name} out (got ${describeValue(o[name])})`);
    }
    return checked;
  }
  if (!takesLanguageModel) throw new InputError(fn, 'languageModel', `languageModel steers the CTC model's beam search; the attention model's decoder already conditions on its phonemes (got ${describeValue(lm)})`);
  if (typeof lm !== 'object' || lm === null || typeof (lm as CtcLanguageModel).scoreExtension !== 'function' || !['undefined', 'function'].includes(typeof (lm as CtcLanguageModel).scoreEnd)) {
    throw new InputError(fn, 'languageModel', `languageModel must be an object with scoreExtension(prefix, label) and optionally scoreEnd(labels), such as phonemeNgramModel's, got ${describeValue(lm)}`);
  }
  return {
    ...checked,
    languageModel: {
      model: lm as CtcLanguageModel,
      weight: checkNumber(fn, 'lmWeight', o['lmWeight'] ?? 0.5, 0, 100),
      insertionBonus: checkNumber(fn, 'insertionBonus', o['insertionBonus'] ?? 0, -100, 100),
    },
  };
}

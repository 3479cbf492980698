// Bad input for every export of @rnnkit/models: each model's options and methods, and the g2p
// helpers (words, phonemes, error rates, weights bytes).
import * as tf from '@tensorflow/tfjs-core';
import * as models from '@rnnkit/models';
import type { PackageTable } from '../row.js';
import { choice, integer, number, objectRows, optionRows, row, t, tensorRows } from '../rows.js';

const SMALL = { vocabularySize: 5, embeddingSize: 3, hiddenSize: 4, seed: 0 };
const model = (): models.CharLanguageModel => new models.CharLanguageModel(SMALL);
const ids = (values: number[][]): tf.Tensor2D => tf.tensor2d(values, undefined, 'int32');
const TINY = { hiddenSize: 4, numLayers: 1, seed: 0 };
const ctc = (): models.CtcG2pModel => new models.CtcG2pModel(TINY);
const attention = (): models.AttentionG2pModel => new models.AttentionG2pModel({ ...TINY, embeddingSize: 3 });
/** CAT -> K AE T as phoneme ids. */
const CAT = { words: ['CAT'], targets: [[19, 1, 30]] };
const phonemeLm = (): ReturnType<typeof models.phonemeNgramModel> => models.phonemeNgramModel([['K', 'AE', 'T']], { order: 2 });

/** Rows shared by both g2p models' loss and pronounce. */
function g2pModelRows(name: string, make: () => models.G2pModel): ReturnType<typeof row>[] {
  const loss = (batch: unknown): unknown => make().loss(batch as models.G2pBatch);
  const pronounce = (words: unknown, options?: unknown): unknown => make().pronounce(words as string[], options as models.PronounceOptions);
  return [
    ...objectRows('batch', loss, [undefined, null, 'CAT', 5, [CAT]]),
    ...[undefined, [], 'CAT', [3]].map((v) => row(v === undefined || typeof v === 'string' || (Array.isArray(v) && v.length === 0) ? 'batch.words' : 'batch.words[0]', `${name}.loss with words ${JSON.stringify(v)}`, () => loss({ ...CAT, words: v }))),
    row('batch.words[0]', `${name}.loss with a word with a digit`, () => loss({ ...CAT, words: ['C4T'] })),
    ...[undefined, [], [[19], [1]], 'K AE T'].map((v) => row('batch.targets', `${name}.loss with targets ${JSON.stringify(v)}`, () => loss({ ...CAT, targets: v }))),
    row('batch.targets[0]', `${name}.loss with an empty target`, () => loss({ ...CAT, targets: [[]] })),
    row('batch.targets[0]', `${name}.loss with a target of phoneme names`, () => loss({ ...CAT, targets: ['K AE T'] })),
    ...[39, -1, 1.5, '1'].map((v) => row('batch.targets[0][1]', `${name}.loss with a phoneme id ${String(v)}`, () => loss({ ...CAT, targets: [[19, v, 30]] }))),
    ...[undefined, 'colonel', [], 5].map((v) => row('words', `${name}.pronounce with words ${JSON.stringify(v)}`, () => pronounce(v))),
    ...['', '  ', 'r2d2', 'new york', "''", 'x'.repeat(65), 7].map((v) => row('words[1]', `${name}.pronounce with a word ${JSON.stringify(v)}`, () => pronounce(['cat', v]))),
    ...objectRows('options', (v) => pronounce(['cat'], v), ['abc', 5, [1]]),
    row('options.bean', `${name}.pronounce with a misspelt option`, () => pronounce(['cat'], { bean: 2 })),
    ...[0, 65, 1.5, '2', null].map((v) => row('beam', `${name}.pronounce with beam ${String(v)}`, () => pronounce(['cat'], { beam: v }))),
    ...[1, 'yes', null].map((v) => row('alignment', `${name}.pronounce with alignment ${String(v)}`, () => pronounce(['cat'], { alignment: v }))),
  ];
}

const g2pOptions = { hiddenSize: integer(1, 4096), numLayers: integer(1, 16), dropout: number(-0.1, 1), seed: integer(0, 2 ** 32 - 4) };

export const modelsTable: PackageTable = {
  module: '@rnnkit/models',
  exports: models,
  noBadInput: {
    ARPABET_PHONEMES: 'a constant (a frozen array)',
    GRAPHEMES: 'a constant (a frozen array)',
    CTC_FRAMES_PER_LETTER: 'a constant',
  },
  rows: () => ({
    CharLanguageModel: [
      ...optionRows((o) => new models.CharLanguageModel(o as models.CharLanguageModelOptions), SMALL, {
        vocabularySize: integer(1),
        cell: choice,
        embeddingSize: integer(1),
        hiddenSize: integer(1),
        numLayers: integer(1),
        seed: integer(0, 2 ** 32 - 4),
      }, { required: true }),
      row('hiddenSize', 'an absurd hiddenSize', () => new models.CharLanguageModel({ ...SMALL, hiddenSize: 1e6 })),
      // logits
      ...tensorRows('ids', (v) => model().logits(v as tf.Tensor2D), [3, 2]).filter((r) => !r.what.includes('int32')),
      row('ids', 'logits with float32 ids', () => model().logits(tf.zeros([3, 2]) as tf.Tensor2D)),
      row('ids', 'logits with an id past the vocabulary', () => model().logits(ids([[0, 5]]))),
      row('ids', 'logits with a negative id', () => model().logits(ids([[-1, 0]]))),
      row('initialState.h', 'logits with a state of the wrong batch', () => model().logits(ids([[0, 1]]), { h: t([1, 3, 4]) as tf.Tensor3D, c: t([1, 3, 4]) as tf.Tensor3D })),
      row('initialState.y', 'logits with an unknown state entry', () => model().logits(ids([[0, 1]]), { y: t([1, 2, 4]) as tf.Tensor3D })),
      // loss
      ...tensorRows('inputs', (v) => model().loss(v as tf.Tensor2D, ids([[0, 1]])), [1, 2]).filter((r) => !r.what.includes('int32')),
      row('inputs', 'loss with float32 inputs', () => model().loss(tf.zeros([1, 2]) as tf.Tensor2D, ids([[0, 1]]))),
      ...tensorRows('targets', (v) => model().loss(ids([[0, 1]]), v as tf.Tensor2D), [1, 2], [2, 2]).filter((r) => !r.what.includes('int32')),
      row('targets', 'loss with float32 targets', () => model().loss(ids([[0, 1]]), tf.zeros([1, 2]) as tf.Tensor2D)),
      // sample
      ...objectRows('prompt', (v) => model().sample(v as number[], 3, 1), [undefined, null, 'abc', 5, []]),
      ...[5, -1, 1.5, '1'].map((v) => row('prompt[1]', `sample with a prompt id ${String(v)}`, () => model().sample([0, v as number], 3, 1))),
      ...[-1, 1.5, Number.NaN, '3'].map((v) => row('length', `sample with length ${String(v)}`, () => model().sample([0], v as number, 1))),
      ...[0, -1, Number.NaN, Infinity, '1'].map((v) => row('temperature', `sample with temperature ${String(v)}`, () => model().sample([0], 3, v as number))),
      // the module's state dict
      ...objectRows('stateDict', (v) => model().loadStateDict(v as never)),
      row('stateDict', 'loadStateDict with a missing key', () => model().loadStateDict({})),
      row('stateDict.head.weight', 'loadStateDict with head.weight transposed', () => {
        const m = model();
        return m.loadStateDict({ ...m.stateDict(), 'head.weight': t([4, 5]) });
      }),
    ],
    CtcG2pModel: [
      ...optionRows((o) => new models.CtcG2pModel(o as models.CtcG2pModelOptions), TINY, g2pOptions),
      row('options.embeddingSize', 'an embeddingSize (the CTC model reads one-hot letters)', () => new models.CtcG2pModel({ ...TINY, embeddingSize: 8 } as models.CtcG2pModelOptions)),
      ...g2pModelRows('CtcG2pModel', ctc),
      row('batch.targets[0]', 'loss with X -> EH K S K: more labels than two frames per letter', () => ctc().loss({ words: ['X'], targets: [[10, 19, 28, 19]] })),
      row('alignment', 'pronounce asking a CTC model for an attention alignment', () => ctc().pronounce(['cat'], { alignment: true })),
      ...[3, {}, 'lm', null].map((v) => row('languageModel', `pronounce with languageModel ${JSON.stringify(v)}`, () => ctc().pronounce(['cat'], { languageModel: v as unknown as models.PronounceOptions['languageModel'] }))),
      ...[-1, Number.NaN, '0.5', null].map((v) => row('lmWeight', `pronounce with lmWeight ${String(v)}`, () => ctc().pronounce(['cat'], { languageModel: phonemeLm(), lmWeight: v as number }))),
      ...[Number.NaN, Infinity, '1'].map((v) => row('insertionBonus', `pronounce with insertionBonus ${String(v)}`, () => ctc().pronounce(['cat'], { languageModel: phonemeLm(), insertionBonus: v as number }))),
      ...[undefined, 'colonel', []].map((v) => row('words', `frameLogProbs with words ${JSON.stringify(v)}`, () => ctc().frameLogProbs(v as string[]))),
      row('words[0]', 'frameLogProbs with a word with a digit', () => ctc().frameLogProbs(['r2d2'])),
      row('lmWeight', 'pronounce with lmWeight and no languageModel', () => ctc().pronounce(['cat'], { lmWeight: 0.5 })),
    ],
    AttentionG2pModel: [
      ...optionRows((o) => new models.AttentionG2pModel(o as models.AttentionG2pModelOptions), { ...TINY, embeddingSize: 3 }, { ...g2pOptions, embeddingSize: integer(1, 4096) }),
      ...g2pModelRows('AttentionG2pModel', attention),
      row('languageModel', 'pronounce with a language model (its decoder is one)', () => attention().pronounce(['cat'], { languageModel: phonemeLm() })),
    ],
    CtcG2pEnsemble: [
      ...objectRows('members', (v) => new models.CtcG2pEnsemble(v as models.CtcG2pModel[]), [undefined, null, 'ctc', 5, []]),
      row('members', 'an attention model among the members', () => new models.CtcG2pEnsemble([ctc(), attention() as unknown as models.CtcG2pModel])),
      ...[undefined, 'colonel', []].map((v) => row('words', `frameLogProbs with words ${JSON.stringify(v)}`, () => new models.CtcG2pEnsemble([ctc()]).frameLogProbs(v as string[]))),
      ...[undefined, 'colonel', []].map((v) => row('words', `pronounce with words ${JSON.stringify(v)}`, () => new models.CtcG2pEnsemble([ctc()]).pronounce(v as string[]))),
      row('words[0]', 'pronounce with a word with a digit', () => new models.CtcG2pEnsemble([ctc()]).pronounce(['r2d2'])),
      row('beam', 'pronounce with beam 0', () => new models.CtcG2pEnsemble([ctc()]).pronounce(['cat'], { beam: 0 })),
      row('alignment', 'pronounce asking for an attention alignment', () => new models.CtcG2pEnsemble([ctc()]).pronounce(['cat'], { alignment: true })),
      row('languageModel', 'pronounce with languageModel 3', () => new models.CtcG2pEnsemble([ctc()]).pronounce(['cat'], { languageModel: 3 as unknown as models.PronounceOptions['languageModel'] })),
    ],
    phonemeNgramModel: [
      ...objectRows('pronunciations', (v) => models.phonemeNgramModel(v as string[][])),
      row('pronunciations', 'a pronunciation that is a string', () => models.phonemeNgramModel(['K AE T'] as unknown as string[][])),
      row('pronunciations', 'a stressed phoneme', () => models.phonemeNgramModel([['K', 'AE1', 'T']])),
      ...objectRows('options', (v) => models.phonemeNgramModel([['K']], v as models.PhonemeNgramOptions), ['abc', 5, [1]]),
      ...optionRows((o) => models.phonemeNgramModel([['K']], o as models.PhonemeNgramOptions), {}, { order: integer(1, 16) }),
    ],
    ctcFramesNeeded: [
      ...[undefined, 'K AE T', 3].map((v) => row('labels', `labels ${JSON.stringify(v)}`, () => models.ctcFramesNeeded(v as unknown as number[]))),
      ...[-1, 1.5, '1', null].map((v) => row('labels[1]', `a label ${String(v)}`, () => models.ctcFramesNeeded([0, v as number]))),
    ],
    g2pModelFromBytes: [
      ...[undefined, 'weights', [1, 2, 3], new ArrayBuffer(8)].map((v) => row('bytes', `bytes ${String(v)}`, () => models.g2pModelFromBytes(v as unknown as Uint8Array))),
      row('bytes', 'bytes that are not safetensors', () => models.g2pModelFromBytes(new Uint8Array([1, 2, 3]))),
      row('bytes', 'a truncated weights file', () => {
        const bytes = models.g2pModelToBytes(ctc());
        return models.g2pModelFromBytes(bytes.subarray(0, bytes.length - 10));
      }),
      row('bytes', 'a ctc weights file where attention is asked for', () => models.g2pModelFromBytes(models.g2pModelToBytes(ctc()), { model: 'attention' })),
      row('bytes', 'an attention weights file where ctc is asked for', () => models.g2pModelFromBytes(models.g2pModelToBytes(attention()), { model: 'ctc' })),
      ...objectRows('options', (v) => models.g2pModelFromBytes(models.g2pModelToBytes(ctc()), v as models.G2pModelFromBytesOptions), ['abc', 5, [1]]),
      row('options.modle', 'a misspelt option', () => models.g2pModelFromBytes(models.g2pModelToBytes(ctc()), { modle: 'ctc' } as models.G2pModelFromBytesOptions)),
      row('model', 'an unknown model kind', () => models.g2pModelFromBytes(models.g2pModelToBytes(ctc()), { model: 'rnn' as models.G2pModelKind })),
    ],
    g2pModelToBytes: [undefined, null, {}, 'model'].map((v) => row('model', `model ${String(v)}`, () => models.g2pModelToBytes(v as models.G2pModel))),
    normalizeWord: [undefined, null, 7, '', '   ', 'r2d2', 'new-york', "'", 'é', 'x'.repeat(65)].map((v) => row('word', `word ${JSON.stringify(v)}`, () => models.normalizeWord(v as string))),
    phonemeErrorRates: [
      ...[undefined, [], 'K AE T'].map((v) => row('predictions', `predictions ${JSON.stringify(v)}`, () => models.phonemeErrorRates(v as string[][], [[['K']]]))),
      row('predictions[0]', 'a prediction that is a string', () => models.phonemeErrorRates(['K AE T'] as unknown as string[][], [[['K']]])),
      row('predictions[0]', 'a prediction holding a number', () => models.phonemeErrorRates([[3]] as unknown as string[][], [[['K']]])),
      ...[undefined, [], [[['K']], [['T']]]].map((v) => row('references', `references ${JSON.stringify(v)}`, () => models.phonemeErrorRates([['K']], v as string[][][]))),
      ...[[], [[]], ['K'], [[3]]].map((v) => row('references[0]', `references[0] = ${JSON.stringify(v)}`, () => models.phonemeErrorRates([['K']], [v] as unknown as string[][][]))),
    ],
    phonemeIds: [
      ...[undefined, 'K AE T', 5].map((v) => row('pronunciation', `pronunciation ${JSON.stringify(v)}`, () => models.phonemeIds(v as unknown as string[]))),
      ...['AE1', 'ae', 'Q', 3, null].map((v) => row('pronunciation[1]', `a phoneme ${JSON.stringify(v)}`, () => models.phonemeIds(['K', v as string]))),
    ],
    toIpa: [
      ...[undefined, 'K AE T', 5].map((v) => row('phonemes', `phonemes ${JSON.stringify(v)}`, () => models.toIpa(v as unknown as string[]))),
      ...[3, null, ['AE']].map((v) => row('phonemes[1]', `a phoneme ${JSON.stringify(v)}`, () => models.toIpa(['K', v as unknown as string]))),
    ],
  }),
};

// Bad input for every export of @rnnkit/losses.
import * as tf from '@tensorflow/tfjs-core';
import * as losses from '@rnnkit/losses';
import type { PackageTable } from '../row.js';
import { choice, custom, disposed, flag, integer, lengthsRows, number, objectRows, optionRows, row, t, tensorRows } from '../rows.js';

const logits = (): tf.Tensor => t([4, 3]);
const labels = (): tf.Tensor => tf.tensor1d([0, 2, 1, 0], 'int32');
const frames = (): tf.Tensor3D => tf.logSoftmax(t([6, 2, 5])) as tf.Tensor3D;
const targets = (): tf.Tensor => tf.tensor2d([[1, 2], [3, 0]], [2, 2], 'int32');
const ngram = (): losses.CharacterNgramModel => losses.characterNgramModel(['abc', 'cab'], '_abc');
const labelNgram = (): losses.LabelNgramModel => losses.labelNgramModel([[1, 2], [2]], { classes: 3, end: true });

export const lossesTable: PackageTable = {
  module: '@rnnkit/losses',
  exports: losses,
  rows: () => ({
    crossEntropy: [
      ...tensorRows('logits', (v) => losses.crossEntropy(v as tf.Tensor, labels()), [4, 3]).filter((r) => !r.what.includes('rank')),
      row('logits', 'a scalar', () => losses.crossEntropy(tf.scalar(1), labels())),
      row('logits', 'an empty batch', () => losses.crossEntropy(t([0, 3]), tf.zeros([0], 'int32'))),
      row('target', 'bool targets', () => losses.crossEntropy(logits(), tf.tensor1d([true, false, true, false], 'bool'))),
      row('target', 'a disposed target', () => losses.crossEntropy(logits(), disposed([4]))),
      row('target', 'a class out of range', () => losses.crossEntropy(logits(), tf.tensor1d([0, 3, 1, 0], 'int32'))),
      row('target', 'int32 targets of the wrong shape', () => losses.crossEntropy(logits(), tf.tensor1d([0, 1], 'int32'))),
      row('target', 'probabilities of the wrong shape', () => losses.crossEntropy(logits(), t([4, 2]))),
      row('target', 'an array', () => losses.crossEntropy(logits(), [0, 1, 2, 0] as unknown as tf.Tensor)),
      ...optionRows((o) => losses.crossEntropy(logits(), labels(), o as losses.CrossEntropyOptions), {}, {
        ignoreIndex: custom(1.5, Number.NaN, '0', null),
        labelSmoothing: number(-0.1, 1.1),
        reduction: choice,
        weight: custom([1, 2], [1, Number.NaN, 1], 'w', null),
      }),
      row('weight', 'a weight tensor of the wrong shape', () => losses.crossEntropy(logits(), labels(), { weight: t([2]) as tf.Tensor1D })),
    ],
    ctcLoss: [
      ...tensorRows('logProbs', (v) => losses.ctcLoss(v as tf.Tensor3D, targets(), [6, 6], [2, 1]), [6, 2, 5]),
      row('logProbs', 'no classes', () => losses.ctcLoss(t([6, 2, 0]) as tf.Tensor3D, targets(), [6, 6], [2, 1])),
      row('targets', 'disposed targets', () => losses.ctcLoss(frames(), disposed([2, 2]), [6, 6], [2, 1])),
      row('targets', 'float32 targets', () => losses.ctcLoss(frames(), t([2, 2]), [6, 6], [2, 1])),
      row('targets', 'a blank label', () => losses.ctcLoss(frames(), tf.tensor2d([[0, 2], [3, 0]], [2, 2], 'int32'), [6, 6], [2, 1])),
      row('targets', 'a label out of range', () => losses.ctcLoss(frames(), tf.tensor2d([[5, 2], [3, 0]], [2, 2], 'int32'), [6, 6], [2, 1])),
      row('targets', 'padded targets for another batch', () => losses.ctcLoss(frames(), tf.tensor2d([[1, 2]], [1, 2], 'int32'), [6, 6], [2, 1])),
      row('targets', 'ragged nested arrays', () => losses.ctcLoss(frames(), [[1, 2], [3]], [6, 6], [2, 1])),
      row('targets', 'concatenated targets of the wrong total', () => losses.ctcLoss(frames(), [1, 2, 3, 4], [6, 6], [2, 1])),
      ...lengthsRows('inputLengths', (v) => losses.ctcLoss(frames(), targets(), v as number[], [2, 1]), 2, 6),
      ...lengthsRows('targetLengths', (v) => losses.ctcLoss(frames(), targets(), [6, 6], v as number[]), 2, 2),
      ...optionRows((o) => losses.ctcLoss(frames(), targets(), [6, 6], [2, 1], o as losses.CtcLossOptions), {}, {
        blank: integer(0, 4), reduction: choice, zeroInfinity: flag, batchFirst: flag, fromLogits: flag,
      }),
    ],
    ctcGreedyDecode: [
      ...tensorRows('logProbs', (v) => losses.ctcGreedyDecode(v as tf.Tensor3D), [6, 2, 5]),
      row('logProbs', 'NaN frames', () => losses.ctcGreedyDecode(tf.fill([6, 2, 5], Number.NaN) as tf.Tensor3D)),
      ...lengthsRows('inputLengths', (v) => losses.ctcGreedyDecode(frames(), { inputLengths: v as number[] }), 2, 6),
      ...optionRows((o) => losses.ctcGreedyDecode(frames(), o as losses.CtcGreedyDecodeOptions), {}, { blank: integer(0, 4), batchFirst: flag }),
    ],
    ctcBeamSearch: [
      ...tensorRows('logProbs', (v) => losses.ctcBeamSearch(v as tf.Tensor3D), [6, 2, 5]),
      row('logProbs', 'NaN frames', () => losses.ctcBeamSearch(tf.fill([6, 2, 5], Number.NaN) as tf.Tensor3D)),
      ...lengthsRows('inputLengths', (v) => losses.ctcBeamSearch(frames(), { inputLengths: v as number[] }), 2, 6),
      ...optionRows((o) => losses.ctcBeamSearch(frames(), o as losses.CtcBeamSearchOptions), { beamWidth: 4 }, {
        beamWidth: integer(1), topK: integer(1, 4), blank: integer(0, 4), batchFirst: flag,
        lmWeight: custom(Number.NaN, Infinity, '1', null), insertionBonus: custom(Number.NaN, '1', null),
        pruneBelow: custom(Number.NaN, '1', null), languageModel: custom(3, {}, 'lm', null),
      }),
      row('languageModel', 'a model returning NaN', () => losses.ctcBeamSearch(frames(), { languageModel: { scoreExtension: () => Number.NaN } })),
    ],
    characterNgramModel: [
      ...objectRows('corpus', (v) => losses.characterNgramModel(v as string[], 'ab')),
      row('corpus', 'a corpus of numbers', () => losses.characterNgramModel([1, 2] as unknown as string[], 'ab')),
      ...objectRows('alphabet', (v) => losses.characterNgramModel(['ab'], v as string), [undefined, null, 5, ['a', 3]]),
      ...optionRows((o) => losses.characterNgramModel(['abc'], '_abc', o as losses.CharacterNgramOptions), {}, { order: integer(1, 16), blank: integer(0, 3) }),
      row('text', 'logProb of a number', () => ngram().logProb(3 as unknown as string)),
      row('text', 'encode of a character outside the alphabet', () => ngram().encode('abz')),
      row('labels', 'decode of a label out of range', () => ngram().decode([9])),
      row('labels', 'decode of a non-array', () => ngram().decode('ab' as unknown as number[])),
      row('label', 'scoreExtension of a label out of range', () => ngram().scoreExtension([1], 9)),
      row('prefix', 'scoreExtension of a non-array prefix', () => ngram().scoreExtension('a' as unknown as number[], 1)),
    ],
    labelNgramModel: [
      ...objectRows('sequences', (v) => losses.labelNgramModel(v as number[][], { classes: 3 })),
      row('sequences', 'a sequence holding the blank', () => losses.labelNgramModel([[1, 0]], { classes: 3 })),
      row('sequences', 'a label past the classes', () => losses.labelNgramModel([[1, 3]], { classes: 3 })),
      row('sequences', 'a sequence that is a string', () => losses.labelNgramModel(['ab'] as unknown as number[][], { classes: 3 })),
      ...objectRows('options', (v) => losses.labelNgramModel([[1]], v as losses.LabelNgramOptions)),
      ...optionRows((o) => losses.labelNgramModel([[1]], o as losses.LabelNgramOptions), { classes: 3 }, { classes: integer(2), order: integer(1, 16), blank: integer(0, 2), end: flag }),
      row('label', 'scoreExtension of a label out of range', () => labelNgram().scoreExtension([1], 3)),
      row('prefix', 'scoreExtension of a prefix holding the blank', () => labelNgram().scoreExtension([0], 1)),
      row('labels', 'scoreEnd of a non-array', () => labelNgram().scoreEnd?.(2 as unknown as number[])),
      row('labels', 'logProb of a fractional label', () => labelNgram().logProb([1.5])),
    ],
  }),
};

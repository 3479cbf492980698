// Bad input for every export of @rnnkit/models: each model's options and methods.
import * as tf from '@tensorflow/tfjs-core';
import * as models from '@rnnkit/models';
import type { PackageTable } from '../row.js';
import { choice, integer, objectRows, optionRows, row, t, tensorRows } from '../rows.js';

const SMALL = { vocabularySize: 5, embeddingSize: 3, hiddenSize: 4, seed: 0 };
const model = (): models.CharLanguageModel => new models.CharLanguageModel(SMALL);
const ids = (values: number[][]): tf.Tensor2D => tf.tensor2d(values, undefined, 'int32');

export const modelsTable: PackageTable = {
  module: '@rnnkit/models',
  exports: models,
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
  }),
};

// Bad input for every export of @rnnkit/layers, through its public barrel only.
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '@rnnkit/core';
import { initParams, seededRandom } from '@rnnkit/core';
import { childSumTreeLstmCell, gruCell, lstmCell } from '@rnnkit/cells';
import * as layers from '@rnnkit/layers';
import type { BadInputRow, PackageTable } from '../row.js';
import { choice, custom, flag, integer, lengthsRows, number, objectRows, optionRows, row, t, tensorRows } from '../rows.js';

const TORCH = { inputSize: integer(1), hiddenSize: integer(1), numLayers: integer(1), bias: flag, batchFirst: flag, dropout: number(-0.1, 1), bidirectional: flag, seed: integer(0, 2 ** 32 - 1) };
const BASE = { inputSize: 3, hiddenSize: 4 };

const layer = (): layers.SequenceLayer => layers.cellLayer(gruCell({ inputSize: 3, hiddenSize: 4 }));
const params = (l: layers.SequenceLayer = layer()): Params => initParams(l.paramSpec, seededRandom(0));
const x3 = (): tf.Tensor3D => t([5, 2, 3]) as tf.Tensor3D;

/** forward / apply of a module: x, options, lengths, initial state. */
function forwardRows(fn: 'forward' | 'apply'): BadInputRow[] {
  const model = (): layers.RecurrentModule => layers.lstm({ ...BASE, seed: 0 });
  const run = (m: layers.RecurrentModule, x: unknown, options?: unknown): unknown =>
    fn === 'forward' ? m.forward(x as tf.Tensor3D, options as layers.ForwardOptions) : m.apply(m.stateDict(), x as tf.Tensor3D, options as layers.ForwardOptions);
  return [
    ...tensorRows('x', (v) => run(model(), v), [5, 2, 3], [5, 2, 4]),
    row('x', 'x with no steps', () => run(model(), t([0, 2, 3]))),
    ...optionRows((o) => run(model(), x3(), o), {}, { training: flag }),
    ...lengthsRows('lengths', (v) => run(model(), x3(), { lengths: v }), 2, 5),
    row('initialState.y', 'an unknown state entry', () => run(model(), x3(), { initialState: { y: t([1, 2, 4]) } })),
    ...tensorRows('initialState.h', (v) => run(model(), x3(), { initialState: { h: v } }), [1, 2, 4], [1, 3, 4]),
  ];
}

export const layersTable: PackageTable = {
  module: '@rnnkit/layers',
  exports: layers,
  rows: () => ({
    lstm: [
      ...optionRows((o) => layers.lstm(o as layers.LstmOptions), BASE, { ...TORCH, projSize: integer(0, 3) }, { required: true }),
      row('hiddenSize', 'hiddenSize 0 (not blamed on projSize)', () => layers.lstm({ inputSize: 4, hiddenSize: 0 })),
      row('hiddenSize', 'an absurd hiddenSize', () => layers.lstm({ inputSize: 4, hiddenSize: 1e6 })),
    ],
    gru: [
      ...optionRows((o) => layers.gru(o as layers.GruOptions), BASE, TORCH, { required: true }),
      row('hiddenSize', 'an absurd hiddenSize', () => layers.gru({ inputSize: 4, hiddenSize: 1e6 })),
    ],
    rnn: [
      ...optionRows((o) => layers.rnn(o as layers.RnnOptions), BASE, { ...TORCH, nonlinearity: choice }, { required: true }),
      row('hiddenSize', 'an absurd hiddenSize', () => layers.rnn({ inputSize: 4, hiddenSize: 1e6 })),
    ],
    RecurrentModule: [
      row('layer', 'a layer that is an empty object', () => new layers.RecurrentModule('m', {} as layers.SequenceLayer)),
      row('layer', 'no layer', () => new layers.RecurrentModule('m', undefined as unknown as layers.SequenceLayer)),
      row('name', 'a name that is not a string', () => new layers.RecurrentModule(3 as unknown as string, layer())),
      ...optionRows((o) => new layers.RecurrentModule('m', layer(), o as layers.RecurrentModuleOptions), {}, { batchFirst: flag, seed: integer(0, 2 ** 32 - 1) }),
      ...forwardRows('forward'),
      ...forwardRows('apply'),
      row('params.weight_ih_l0', 'apply without a parameter', () => {
        const m = layers.lstm({ ...BASE, seed: 0 });
        const { weight_ih_l0: _dropped, ...rest } = m.stateDict();
        return m.apply(rest, x3());
      }),
      row('stateDict', 'loadStateDict with a missing key', () => layers.lstm(BASE).loadStateDict({})),
      row('stateDict.weight_ih_l0', 'loadStateDict with a disposed tensor', () => {
        const m = layers.lstm(BASE);
        const source = { ...m.stateDict(), weight_ih_l0: tf.zeros([16, 3]) };
        source.weight_ih_l0.dispose();
        return m.loadStateDict(source);
      }),
      row('strict', 'loadStateDict with strict: 0', () => layers.lstm(BASE).loadStateDict({}, { strict: 0 as unknown as boolean })),
      row('options.strick', 'loadStateDict with a misspelt strict', () => layers.lstm(BASE).loadStateDict({}, { strick: false } as layers.ForwardOptions as never)),
    ],
    applyLayer: [
      ...tensorRows('x', (v) => layers.applyLayer('f', layer(), params(), v as tf.Tensor3D, {}, { batchFirst: false, random: seededRandom(0) }), [5, 2, 3], [5, 2, 2]),
      ...optionRows((o) => layers.applyLayer('f', layer(), params(), x3(), o as layers.ForwardOptions, { batchFirst: false, random: seededRandom(0) }), {}, { training: flag }),
      ...lengthsRows('lengths', (v) => layers.applyLayer('f', layer(), params(), x3(), { lengths: v as number[] }, { batchFirst: false, random: seededRandom(0) }), 2, 5),
      ...objectRows('params', (v) => layers.applyLayer('f', layer(), v as Params, x3(), {}, { batchFirst: false, random: seededRandom(0) })),
    ],
    checkParams: [
      ...objectRows('params', (v) => layers.checkParams('f', layer(), v)),
      row('params.weight_ih', 'a missing parameter', () => layers.checkParams('f', layer(), { ...params(), weight_ih: undefined })),
      row('params.weight_ih', 'a parameter missing by name', () => {
        const { weight_ih: _dropped, ...rest } = params();
        return layers.checkParams('f', layer(), rest);
      }),
      row('params.weight_ih', 'a wrong shape', () => layers.checkParams('f', layer(), { ...params(), weight_ih: t([1, 1]) })),
      row('params.extra', 'an unknown parameter', () => layers.checkParams('f', layer(), { ...params(), extra: t([1]) })),
    ],
    bidirectional: [
      ...objectRows('forward', (v) => layers.bidirectional(v as layers.SequenceLayer, layer())),
      ...objectRows('backward', (v) => layers.bidirectional(layer(), v as layers.SequenceLayer)),
      row('backward', 'a backward layer of another input size', () => layers.bidirectional(layer(), layers.cellLayer(gruCell({ inputSize: 2, hiddenSize: 4 })))),
      ...optionRows((o) => layers.bidirectional(layer(), layer(), o as layers.BidirectionalOptions), {}, { merge: choice }),
    ],
    cellLayer: objectRows('cell', (v) => layers.cellLayer(v as never), [undefined, null, 'lstm', 3, {}]),
    stacked: [
      row('layers', 'no layers', () => layers.stacked([])),
      ...objectRows('layers', (v) => layers.stacked(v as layers.SequenceLayer[])),
      row('layers[1]', 'a second layer of the wrong input size', () => layers.stacked([layer(), layers.cellLayer(gruCell({ inputSize: 3, hiddenSize: 4 }))])),
      row('layers[0]', 'not a layer', () => layers.stacked([3 as unknown as layers.SequenceLayer])),
      ...optionRows((o) => layers.stacked([layer()], o as layers.StackedOptions), {}, { dropout: number(-0.1, 1) }),
    ],
    layerParamName: [
      ...[-1, 1.5, Number.NaN, '0'].map((v) => row('layer', `layer ${String(v)}`, () => layers.layerParamName('weight_ih', v as number))),
      ...[3, '', undefined].map((v) => row('name', `name ${String(v)}`, () => layers.layerParamName(v as string, 0))),
    ],
    runSequence: [
      ...objectRows('cell', (v) => layers.runSequence(v as never, params(), x3())),
      ...tensorRows('x', (v) => layers.runSequence(gruCell({ inputSize: 3, hiddenSize: 4 }), params(), v as tf.Tensor3D), [5, 2, 3], [5, 2, 5]),
      ...optionRows((o) => layers.runSequence(gruCell({ inputSize: 3, hiddenSize: 4 }), params(), x3(), o as layers.RunSequenceOptions), {}, { reverse: flag, batchFirst: flag }),
      ...lengthsRows('lengths', (v) => layers.runSequence(gruCell({ inputSize: 3, hiddenSize: 4 }), params(), x3(), { lengths: v as number[] }), 2, 5),
      ...tensorRows('initialCarry.h', (v) => layers.runSequence(gruCell({ inputSize: 3, hiddenSize: 4 }), params(), x3(), { initialCarry: { h: v as tf.Tensor2D } }), [2, 4], [3, 4]),
    ],
    forestFromParents: [
      row('parent', 'a node its own parent', () => layers.forestFromParents([-1, 1])),
      row('parent', 'a parent out of range', () => layers.forestFromParents([-1, 5])),
      row('parent', 'a fractional parent', () => layers.forestFromParents([-1, 0.5])),
      ...objectRows('parent', (v) => layers.forestFromParents(v as number[]), [undefined, null, 'abc', 5, { 0: -1 }]),
      ...optionRows((o) => layers.forestFromParents([-1, 0], o as layers.ForestFromParentsOptions), {}, { maxChildren: custom(0, -1, 1.5, Number.NaN, '2', null) }),
    ],
    forestFromChildren: [
      row('children', 'a child out of range', () => layers.forestFromChildren([[5], []])),
      row('children', 'a row that is not an array', () => layers.forestFromChildren([3 as unknown as number[]])),
      ...objectRows('children', (v) => layers.forestFromChildren(v as number[][])),
      ...optionRows((o) => layers.forestFromChildren([[1], []], o as layers.ForestFromChildrenOptions), {}, { maxChildren: custom(0, -1, 1.5, Number.NaN, '2', null) }),
    ],
    forestFromTrees: [
      ...objectRows('trees', (v) => layers.forestFromTrees(v as never)),
      row('trees[0]', 'a node that is not an object', () => layers.forestFromTrees([3 as never])),
      row('trees[0].children', 'children that are not an array', () => layers.forestFromTrees([{ x: 1, children: 3 as never }])),
      ...optionRows((o) => layers.forestFromTrees([{ x: 1 }], o as layers.ForestFromTreesOptions), {}, { maxChildren: custom(0, -1, 1.5, Number.NaN, '2', null) }),
    ],
    runForest: [
      ...objectRows('cell', (v) => layers.runForest(v as never, {}, t([2, 3]) as tf.Tensor2D, [-1, 0])),
      ...tensorRows('x', (v) => {
        const cell = childSumTreeLstmCell({ inputSize: 3, hiddenSize: 4 });
        return layers.runForest(cell, initParams(cell.paramSpec, seededRandom(0)), v as tf.Tensor2D, [-1, 0]);
      }, [2, 3], [3, 3]),
      row('forest', 'a forest with a cycle', () => {
        const cell = childSumTreeLstmCell({ inputSize: 3, hiddenSize: 4 });
        return layers.runForest(cell, initParams(cell.paramSpec, seededRandom(0)), t([2, 3]) as tf.Tensor2D, [1, 0]);
      }),
    ],
    scaledDotProductAttention: [
      ...tensorRows('query', (v) => layers.scaledDotProductAttention(v as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D), [2, 3, 4]),
      ...tensorRows('keys', (v) => layers.scaledDotProductAttention(t([2, 3, 4]) as tf.Tensor3D, v as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D), [2, 5, 4], [3, 5, 4]),
      ...tensorRows('values', (v) => layers.scaledDotProductAttention(t([2, 3, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, v as tf.Tensor3D), [2, 5, 4], [2, 4, 4]),
      ...optionRows((o) => layers.scaledDotProductAttention(t([2, 3, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, o as layers.ScaledDotProductAttentionOptions), {}, { causal: flag }),
      ...lengthsRows('lengths', (v) => layers.scaledDotProductAttention(t([2, 3, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, { lengths: v as number[] }), 2, 5),
    ],
    bahdanauAttention: [
      ...tensorRows('query', (v) => layers.bahdanauAttention({}, v as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D), [2, 3, 4]),
      ...optionRows((o) => layers.bahdanauAttention({}, t([2, 3, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, o as layers.BahdanauAttentionOptions), {}, { causal: flag }),
    ],
    luongAttention: [
      ...tensorRows('query', (v) => layers.luongAttention({}, v as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D), [2, 3, 4]),
      ...optionRows((o) => layers.luongAttention({}, t([2, 3, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, o as layers.LuongAttentionOptions), {}, { score: choice, causal: flag }),
    ],
    multiHeadAttention: [
      ...tensorRows('query', (v) => layers.multiHeadAttention({}, v as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, { numHeads: 2 }), [2, 3, 4]),
      ...optionRows((o) => layers.multiHeadAttention({}, t([2, 3, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, o as layers.MultiHeadAttentionOptions), { numHeads: 2 }, { numHeads: integer(1), causal: flag }, { required: true }),
    ],
    encoderDecoder: [
      ...optionRows((o) => layers.encoderDecoder(o as layers.EncoderDecoderOptions), {
        sourceVocab: 5, targetVocab: 6, embeddingSize: 3, encoder: layers.cellLayer(gruCell({ inputSize: 3, hiddenSize: 4 })), decoder: lstmCell({ inputSize: 7, hiddenSize: 4 }), startToken: 1, endToken: 2,
      }, { sourceVocab: integer(1), targetVocab: integer(1), embeddingSize: integer(1), attention: choice }, { required: true }),
    ],
  }),
};

// Bad input for every export of @rnnkit/layers, through its public barrel only.
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '@rnnkit/core';
import { initParams, seededRandom } from '@rnnkit/core';
import { childSumTreeLstmCell, gruCell, lstmCell } from '@rnnkit/cells';
import * as layers from '@rnnkit/layers';
import type { BadInputRow, PackageTable } from '../row.js';
import { choice, custom, disposed, flag, functionRows, integer, lengthsRows, number, objectRows, optionRows, row, t, tensorRows } from '../rows.js';

const TORCH = { inputSize: integer(1), hiddenSize: integer(1), numLayers: integer(1), bias: flag, batchFirst: flag, dropout: number(-0.1, 1), bidirectional: flag, seed: integer(0, 2 ** 32 - 1) };
const BASE = { inputSize: 3, hiddenSize: 4 };

const layer = (): layers.SequenceLayer => layers.cellLayer(gruCell({ inputSize: 3, hiddenSize: 4 }));
const params = (l: layers.SequenceLayer = layer()): Params => initParams(l.paramSpec, seededRandom(0));
const x3 = (): tf.Tensor3D => t([5, 2, 3]) as tf.Tensor3D;
const ids = (values: number[][]): tf.Tensor => tf.tensor2d(values, undefined, 'int32');
const SPEC = { w: { shape: [2, 3], bound: 1 } };
const seq2seq = (): layers.EncoderDecoder => layers.encoderDecoder({
  sourceVocab: 5, targetVocab: 6, embeddingSize: 3, encoder: layers.cellLayer(gruCell({ inputSize: 3, hiddenSize: 4 })), decoder: lstmCell({ inputSize: 7, hiddenSize: 4 }), startToken: 1, endToken: 2, seed: 0,
});
const KEYS = (): tf.Tensor3D => t([2, 5, 4]) as tf.Tensor3D;
const BAHDANAU = (): Params => ({ W_q: t([6, 3]), W_k: t([6, 4]), b: t([6]), v: t([6]) });
/** Bahdanau parameters for a query of 4 features and keys of 4, with attention size `a`. */
const ADDITIVE = (a = 6): Params => ({ W_q: t([a, 4]), W_k: t([a, 4]), b: t([a]), v: t([a]) });
/** Multi-head parameters for E = 4, with or without the biases. */
const MHA = (bias = true): Params => ({ in_proj_weight: t([12, 4]), 'out_proj.weight': t([4, 4]), ...(bias ? { in_proj_bias: t([12]), 'out_proj.bias': t([4]) } : {}) });
const q3 = (shape: number[] = [2, 3, 4]): tf.Tensor3D => t(shape) as tf.Tensor3D;

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
    RecurrentStepper: [
      row('fn', 'no function name', () => new layers.RecurrentStepper(undefined as unknown as string, layer(), params(), seededRandom(0))),
      ...objectRows('layer', (v) => new layers.RecurrentStepper('s', v as layers.SequenceLayer, params(), seededRandom(0))),
      ...objectRows('params', (v) => new layers.RecurrentStepper('s', layer(), v as Params, seededRandom(0))),
      row('params.weight_ih', 'a parameter of the wrong shape', () => new layers.RecurrentStepper('s', layer(), { ...params(), weight_ih: t([1, 1]) }, seededRandom(0))),
      row('random', 'random not a function', () => new layers.RecurrentStepper('s', layer(), params(), 3 as unknown as () => number)),
      ...optionRows((o) => layers.lstm({ ...BASE, seed: 0 }).stepper(o as never), {}, { batch: integer(1) }),
      ...tensorRows('initialState.h', (v) => layers.lstm({ ...BASE, seed: 0 }).stepper({ batch: 2, initialState: { h: v as tf.Tensor3D } }), [1, 2, 4], [1, 3, 4]),
      row('initialState.y', 'an unknown state entry', () => layers.lstm({ ...BASE, seed: 0 }).stepper({ initialState: { y: t([1, 1, 4]) as tf.Tensor3D } })),
      row('this', 'a bidirectional module', () => layers.lstm({ ...BASE, bidirectional: true }).stepper()),
      ...tensorRows('x', (v) => layers.lstm({ ...BASE, seed: 0 }).stepper({ batch: 2 }).step(v as tf.Tensor2D), [2, 3], [3, 3]),
      row('this', 'a step after dispose', () => {
        const stepper = layers.lstm({ ...BASE, seed: 0 }).stepper();
        stepper.dispose();
        return stepper.step(t([1, 3]) as tf.Tensor2D);
      }),
    ],
    applyLayer: [
      ...tensorRows('x', (v) => layers.applyLayer('f', layer(), params(), v as tf.Tensor3D, {}, { batchFirst: false, random: seededRandom(0) }), [5, 2, 3], [5, 2, 2]),
      ...optionRows((o) => layers.applyLayer('f', layer(), params(), x3(), o as layers.ForwardOptions, { batchFirst: false, random: seededRandom(0) }), {}, { training: flag }),
      ...lengthsRows('lengths', (v) => layers.applyLayer('f', layer(), params(), x3(), { lengths: v as number[] }, { batchFirst: false, random: seededRandom(0) }), 2, 5),
      ...objectRows('params', (v) => layers.applyLayer('f', layer(), v as Params, x3(), {}, { batchFirst: false, random: seededRandom(0) })),
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
    runSequence: [
      ...objectRows('cell', (v) => layers.runSequence(v as never, params(), x3())),
      ...tensorRows('x', (v) => layers.runSequence(gruCell({ inputSize: 3, hiddenSize: 4 }), params(), v as tf.Tensor3D), [5, 2, 3], [5, 2, 5]),
      ...optionRows((o) => layers.runSequence(gruCell({ inputSize: 3, hiddenSize: 4 }), params(), x3(), o as layers.RunSequenceOptions), {}, { reverse: flag, batchFirst: flag }),
      ...lengthsRows('lengths', (v) => layers.runSequence(gruCell({ inputSize: 3, hiddenSize: 4 }), params(), x3(), { lengths: v as number[] }), 2, 5),
      ...tensorRows('initialState.h', (v) => layers.runSequence(gruCell({ inputSize: 3, hiddenSize: 4 }), params(), x3(), { initialState: { h: v as tf.Tensor2D } }), [2, 4], [3, 4]),
      row('initialState.y', 'an unknown state entry', () => layers.runSequence(gruCell({ inputSize: 3, hiddenSize: 4 }), params(), x3(), { initialState: { y: t([2, 4]) as tf.Tensor2D } })),
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
      row('query', 'query and keys with no features', () => layers.scaledDotProductAttention(q3([2, 3, 0]), q3([2, 5, 0]), q3([2, 5, 4]))),
      row('keys', 'keys with no steps: nothing to attend', () => layers.scaledDotProductAttention(q3(), q3([2, 0, 4]), q3([2, 0, 4]))),
    ],
    bahdanauAttention: [
      ...tensorRows('query', (v) => layers.bahdanauAttention({}, v as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D), [2, 3, 4]),
      ...optionRows((o) => layers.bahdanauAttention({}, t([2, 3, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, o as layers.BahdanauAttentionOptions), {}, { causal: flag }),
      row('params.W_q', 'an attention size of 0', () => layers.bahdanauAttention(ADDITIVE(0), q3(), q3([2, 5, 4]))),
      row('keys', 'keys with no features', () => layers.bahdanauAttention({ ...ADDITIVE(), W_k: t([6, 0]) }, q3(), q3([2, 5, 0]))),
      row('query', 'a query with no features', () => layers.bahdanauAttention({ ...ADDITIVE(), W_q: t([6, 0]) }, q3([2, 3, 0]), q3([2, 5, 4]))),
      row('params.W', 'a parameter Bahdanau attention does not have', () => layers.bahdanauAttention({ ...ADDITIVE(), W: t([4, 4]) }, q3(), q3([2, 5, 4]))),
    ],
    luongAttention: [
      ...tensorRows('query', (v) => layers.luongAttention({}, v as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D), [2, 3, 4]),
      ...optionRows((o) => layers.luongAttention({}, t([2, 3, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, o as layers.LuongAttentionOptions), {}, { score: choice, causal: flag }),
      row('query', 'query and keys with no features', () => layers.luongAttention({}, q3([2, 3, 0]), q3([2, 5, 0]))),
      row('keys', 'keys with no steps: nothing to attend', () => layers.luongAttention({}, q3(), q3([2, 0, 4]))),
      row('params.W', 'W given to the dot score, which has none', () => layers.luongAttention({ W: t([4, 4]) }, q3(), q3([2, 5, 4]))),
      row('params.W_k', 'a parameter the general score does not have', () => layers.luongAttention({ W: t([4, 4]), W_k: t([4, 4]) }, q3(), q3([2, 5, 4]), { score: 'general' })),
    ],
    multiHeadAttention: [
      ...tensorRows('query', (v) => layers.multiHeadAttention({}, v as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, { numHeads: 2 }), [2, 3, 4]),
      ...optionRows((o) => layers.multiHeadAttention({}, t([2, 3, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, t([2, 5, 4]) as tf.Tensor3D, o as layers.MultiHeadAttentionOptions), { numHeads: 2 }, { numHeads: integer(1), causal: flag }, { required: true }),
      row('query', 'an embedding size of 0', () => layers.multiHeadAttention(MHA(), q3([2, 3, 0]), q3([2, 5, 0]), q3([2, 5, 0]), { numHeads: 1 })),
      row('key', 'a key sequence with no steps: nothing to attend', () => layers.multiHeadAttention(MHA(), q3(), q3([2, 0, 4]), q3([2, 0, 4]), { numHeads: 2 })),
      row('params.in_proj_bias', 'in_proj_bias given with bias: false', () => layers.multiHeadAttention({ ...MHA(false), in_proj_bias: t([12]) }, q3(), q3([2, 5, 4]), q3([2, 5, 4]), { numHeads: 2, bias: false })),
      row('params.out_proj.bias', 'out_proj.bias given with bias: false', () => layers.multiHeadAttention({ ...MHA(false), 'out_proj.bias': t([4]) }, q3(), q3([2, 5, 4]), q3([2, 5, 4]), { numHeads: 2, bias: false })),
      row('params.in_proj_wieght', 'a misspelt parameter name', () => layers.multiHeadAttention({ ...MHA(), in_proj_wieght: t([12, 4]) }, q3(), q3([2, 5, 4]), q3([2, 5, 4]), { numHeads: 2 })),
    ],
    ParameterModule: [
      ...[undefined, '', 3].map((v) => row('name', `name = ${String(v)}`, () => new layers.ParameterModule(v as string, SPEC, seededRandom(0)))),
      ...objectRows('spec', (v) => new layers.ParameterModule('m', v as never, seededRandom(0))),
      row('spec', 'a negative dimension', () => new layers.ParameterModule('m', { w: { shape: [-1], bound: 1 } }, seededRandom(0))),
      row('spec', 'an absurd size', () => new layers.ParameterModule('m', { w: { shape: [4e6, 1e6], bound: 1 } }, seededRandom(0))),
      ...functionRows('random', (v) => new layers.ParameterModule('m', SPEC, v as () => number)),
      ...objectRows('children', (v) => new layers.ParameterModule('m', SPEC, seededRandom(0), v as never), [null, 'abc', 5, [1]]),
      row('children.a', 'a child that is not a module', () => new layers.ParameterModule('m', SPEC, seededRandom(0), { a: {} as never })),
      row('a', 'a child parameter name that appears twice', () => new layers.ParameterModule('m', { 'a.w': SPEC.w }, seededRandom(0), { a: new layers.ParameterModule('a', SPEC, seededRandom(0)) })),
      ...objectRows('stateDict', (v) => new layers.ParameterModule('m', SPEC, seededRandom(0)).loadStateDict(v as never)),
      row('stateDict.w', 'loadStateDict with a wrong shape', () => new layers.ParameterModule('m', SPEC, seededRandom(0)).loadStateDict({ w: t([3, 2]) })),
      row('stateDict', 'loadStateDict with an unexpected key', () => new layers.ParameterModule('m', SPEC, seededRandom(0)).loadStateDict({ w: t([2, 3]), v: t([2]) })),
      row('strict', 'loadStateDict with strict: 1', () => new layers.ParameterModule('m', SPEC, seededRandom(0)).loadStateDict({ w: t([2, 3]) }, { strict: 1 as unknown as boolean })),
    ],
    embedding: [
      ...optionRows((o) => layers.embedding(o as layers.EmbeddingOptions), { numEmbeddings: 5, embeddingDim: 3 }, { numEmbeddings: integer(1), embeddingDim: integer(1), seed: integer(0, 2 ** 32 - 1) }, { required: true }),
      row('numEmbeddings', 'an absurd numEmbeddings', () => layers.embedding({ numEmbeddings: 1e9, embeddingDim: 8 })),
      row('embeddingDim', 'an absurd embeddingDim', () => layers.embedding({ numEmbeddings: 8, embeddingDim: 1e9 })),
      ...tensorRows('ids', (v) => layers.embedding({ numEmbeddings: 5, embeddingDim: 3 }).forward(v as tf.Tensor), [2, 3]).filter((r) => !r.what.includes('int32') && !r.what.includes('rank')),
      row('ids', 'float32 ids', () => layers.embedding({ numEmbeddings: 5, embeddingDim: 3 }).forward(tf.zeros([2, 3]))),
      row('ids', 'an id past the table', () => layers.embedding({ numEmbeddings: 5, embeddingDim: 3 }).forward(ids([[0, 5]]))),
      row('ids', 'a negative id', () => layers.embedding({ numEmbeddings: 5, embeddingDim: 3 }).forward(ids([[-1, 0]]))),
      row('ids', 'apply with an id past the table', () => {
        const e = layers.embedding({ numEmbeddings: 5, embeddingDim: 3 });
        return e.apply(e.stateDict(), ids([[7]]));
      }),
      ...objectRows('params', (v) => layers.embedding({ numEmbeddings: 5, embeddingDim: 3 }).apply(v as Params, ids([[1]]))),
      row('params.weight', 'apply with a weight of the wrong shape', () => layers.embedding({ numEmbeddings: 5, embeddingDim: 3 }).apply({ weight: t([5, 4]) }, ids([[1]]))),
      row('params.weight', 'apply without the weight', () => layers.embedding({ numEmbeddings: 5, embeddingDim: 3 }).apply({}, ids([[1]]))),
      row('stateDict.weight', 'loadStateDict with a wrong shape', () => layers.embedding({ numEmbeddings: 5, embeddingDim: 3 }).loadStateDict({ weight: t([3, 5]) })),
    ],
    linear: [
      ...optionRows((o) => layers.linear(o as layers.LinearOptions), { inFeatures: 3, outFeatures: 2 }, { inFeatures: integer(1), outFeatures: integer(1), bias: flag, seed: integer(0, 2 ** 32 - 1) }, { required: true }),
      row('inFeatures', 'an absurd inFeatures', () => layers.linear({ inFeatures: 1e9, outFeatures: 8 })),
      row('outFeatures', 'an absurd outFeatures', () => layers.linear({ inFeatures: 8, outFeatures: 1e9 })),
      ...tensorRows('x', (v) => layers.linear({ inFeatures: 3, outFeatures: 2 }).forward(v as tf.Tensor), [4, 3], [4, 5]).filter((r) => !r.what.includes('rank')),
      row('x', 'a scalar', () => layers.linear({ inFeatures: 3, outFeatures: 2 }).forward(tf.scalar(1))),
      row('x', 'apply with the wrong features', () => {
        const l = layers.linear({ inFeatures: 3, outFeatures: 2 });
        return l.apply(l.stateDict(), t([4, 2]));
      }),
      ...objectRows('params', (v) => layers.linear({ inFeatures: 3, outFeatures: 2 }).apply(v as Params, t([4, 3]))),
      row('params.bias', 'apply without the bias', () => layers.linear({ inFeatures: 3, outFeatures: 2 }).apply({ weight: t([2, 3]) }, t([4, 3]))),
      row('params.bias', 'apply with a bias the module does not have', () => layers.linear({ inFeatures: 3, outFeatures: 2, bias: false }).apply({ weight: t([2, 3]), bias: t([2]) }, t([4, 3]))),
      row('params.weight', 'apply with a transposed weight', () => layers.linear({ inFeatures: 3, outFeatures: 2 }).apply({ weight: t([3, 2]), bias: t([2]) }, t([4, 3]))),
    ],
    prepareAttention: [
      ...['bogus', 3, null, undefined, 'luong'].map((v) => row('score', `score = ${String(v)}`, () => layers.prepareAttention(v as layers.AttentionScore, {}, KEYS()))),
      ...tensorRows('keys', (v) => layers.prepareAttention('scaled_dot', {}, v as tf.Tensor3D), [2, 5, 4]),
      row('keys', 'keys with no steps', () => layers.prepareAttention('scaled_dot', {}, t([2, 0, 4]) as tf.Tensor3D)),
      row('keys', 'keys with no samples', () => layers.prepareAttention('scaled_dot', {}, t([0, 5, 4]) as tf.Tensor3D)),
      ...optionRows((o) => layers.prepareAttention('scaled_dot', {}, KEYS(), o as layers.PrepareAttentionOptions), {}, { values: custom('v', 3, [[1]]) }).map((r) => (r.argument === 'values' ? { ...r, argument: 'options.values' } : r)),
      // values left out default to the keys, so `undefined` is not bad here.
      ...tensorRows('options.values', (v) => layers.prepareAttention('scaled_dot', {}, KEYS(), { values: v as tf.Tensor3D }), [2, 5, 6], [2, 4, 6]).filter((r) => !r.what.endsWith('undefined')),
      ...lengthsRows('lengths', (v) => layers.prepareAttention('scaled_dot', {}, KEYS(), { lengths: v as number[] }), 2, 5),
      ...objectRows('params', (v) => layers.prepareAttention('bahdanau', v as Params, KEYS())),
      row('params.W_q', 'bahdanau without W_q', () => layers.prepareAttention('bahdanau', { ...BAHDANAU(), W_q: undefined } as unknown as Params, KEYS())),
      row('params.W_k', 'bahdanau with W_k of the wrong key size', () => layers.prepareAttention('bahdanau', { ...BAHDANAU(), W_k: t([6, 3]) }, KEYS())),
      row('params.b', 'bahdanau with b of the wrong size', () => layers.prepareAttention('bahdanau', { ...BAHDANAU(), b: t([5]) }, KEYS())),
      row('params.v', 'bahdanau with v int32', () => layers.prepareAttention('bahdanau', { ...BAHDANAU(), v: t([6], 'int32') }, KEYS())),
      row('params.W', 'luong_general without W', () => layers.prepareAttention('luong_general', {}, KEYS())),
      row('params.W', 'luong_general with W of the wrong key size', () => layers.prepareAttention('luong_general', { W: t([3, 5]) }, KEYS())),
      row('keys', 'keys with no features', () => layers.prepareAttention('scaled_dot', {}, t([2, 5, 0]) as tf.Tensor3D)),
      row('params.W_q', 'bahdanau with an attention size of 0', () => layers.prepareAttention('bahdanau', { W_q: t([0, 3]), W_k: t([0, 4]), b: t([0]), v: t([0]) }, KEYS())),
      row('params.W_q', 'bahdanau with a query size of 0', () => layers.prepareAttention('bahdanau', { ...BAHDANAU(), W_q: t([6, 0]) }, KEYS())),
      row('params.W', 'luong_general with a query size of 0', () => layers.prepareAttention('luong_general', { W: t([0, 4]) }, KEYS())),
      row('params.W', 'luong_dot given W, which it has none of', () => layers.prepareAttention('luong_dot', { W: t([4, 4]) }, KEYS())),
      row('params.W_q', 'scaled_dot given a parameter', () => layers.prepareAttention('scaled_dot', { W_q: t([6, 4]) }, KEYS())),
      row('params.v', 'luong_general given a Bahdanau parameter', () => layers.prepareAttention('luong_general', { W: t([4, 4]), v: t([6]) }, KEYS())),
      ...tensorRows('query', (v) => layers.prepareAttention('scaled_dot', {}, KEYS()).attend(v as tf.Tensor3D), [2, 1, 4], [2, 1, 3]),
      row('query', 'attend with another batch', () => layers.prepareAttention('scaled_dot', {}, KEYS()).attend(t([3, 1, 4]) as tf.Tensor3D)),
      row('query', 'attend with no steps', () => layers.prepareAttention('scaled_dot', {}, KEYS()).attend(t([2, 0, 4]) as tf.Tensor3D)),
      row('query', 'bahdanau attend with the wrong query size', () => layers.prepareAttention('bahdanau', BAHDANAU(), KEYS()).attend(t([2, 1, 4]) as tf.Tensor3D)),
    ],
    encoderDecoder: [
      ...objectRows('stateDict', (v) => seq2seq().loadStateDict(v as never)),
      row('stateDict', 'loadStateDict with a missing key', () => seq2seq().loadStateDict({})),
      row('stateDict', 'loadStateDict with an unexpected key', () => {
        const m = seq2seq();
        return m.loadStateDict({ ...m.stateDict(), extra: t([2]) });
      }),
      row('stateDict.out.weight', 'loadStateDict with out.weight transposed', () => {
        const m = seq2seq();
        return m.loadStateDict({ ...m.stateDict(), 'out.weight': t([4, 6]) });
      }),
      row('stateDict.out.weight', 'loadStateDict with out.weight disposed', () => {
        const m = seq2seq();
        return m.loadStateDict({ ...m.stateDict(), 'out.weight': disposed([6, 4]) });
      }),
      row('strict', 'loadStateDict with strict: "no"', () => seq2seq().loadStateDict({}, { strict: 'no' as unknown as boolean })),
      row('options.strick', 'loadStateDict with a misspelt strict', () => seq2seq().loadStateDict({}, { strick: false } as never)),
      ...objectRows('source', (v) => seq2seq().forward(v as never, ids([[1, 2]]) as tf.Tensor2D), [undefined, null, 5, t([1, 2])]),
      row('source.tokens', 'forward with a token past the source vocabulary', () => seq2seq().forward({ tokens: ids([[0, 5]]) as tf.Tensor2D }, ids([[1, 2]]) as tf.Tensor2D)),
      row('source.tokens', 'forward with float32 tokens', () => seq2seq().forward({ tokens: tf.zeros([1, 2]) as tf.Tensor2D }, ids([[1, 2]]) as tf.Tensor2D)),
      row('source.tokens', 'forward with no steps', () => seq2seq().forward({ tokens: tf.zeros([1, 0], 'int32') as tf.Tensor2D }, ids([[1, 2]]) as tf.Tensor2D)),
      row('source.lengths', 'forward with a zero length', () => seq2seq().forward({ tokens: ids([[0, 1]]) as tf.Tensor2D, lengths: [0] }, ids([[1, 2]]) as tf.Tensor2D)),
      row('source.lengths', 'forward with a length past the steps', () => seq2seq().forward({ tokens: ids([[0, 1]]) as tf.Tensor2D, lengths: [3] }, ids([[1, 2]]) as tf.Tensor2D)),
      row('source.lenghts', 'forward with a misspelt source key', () => seq2seq().forward({ tokens: ids([[0, 1]]) as tf.Tensor2D, lenghts: [2] } as never, ids([[1, 2]]) as tf.Tensor2D)),
      row('target', 'forward with a target past the target vocabulary', () => seq2seq().forward({ tokens: ids([[0, 1]]) as tf.Tensor2D }, ids([[1, 6]]) as tf.Tensor2D)),
      row('target', 'forward with a target of another batch', () => seq2seq().forward({ tokens: ids([[0, 1]]) as tf.Tensor2D }, ids([[1, 2], [1, 2]]) as tf.Tensor2D)),
      row('training', 'forward with training: 1', () => seq2seq().forward({ tokens: ids([[0, 1]]) as tf.Tensor2D }, ids([[1, 2]]) as tf.Tensor2D, { training: 1 as unknown as boolean })),
      ...objectRows('params', (v) => seq2seq().apply(v as Params, { tokens: ids([[0, 1]]) as tf.Tensor2D }, ids([[1, 2]]) as tf.Tensor2D)),
      row('params.out.weight', 'apply without out.weight', () => {
        const m = seq2seq();
        const { 'out.weight': _dropped, ...rest } = m.stateDict();
        return m.apply(rest, { tokens: ids([[0, 1]]) as tf.Tensor2D }, ids([[1, 2]]) as tf.Tensor2D);
      }),
      ...optionRows((o) => seq2seq().greedy({ tokens: ids([[0, 1]]) as tf.Tensor2D }, o as layers.DecodeOptions), { maxLength: 3 }, { maxLength: integer(1) }, { required: true }),
      row('source.tokens', 'greedy with a token past the source vocabulary', () => seq2seq().greedy({ tokens: ids([[0, 9]]) as tf.Tensor2D }, { maxLength: 3 })),
      ...optionRows((o) => seq2seq().beamSearch({ tokens: ids([[0, 1]]) as tf.Tensor2D }, o as layers.BeamSearchOptions), { maxLength: 3, beamWidth: 2 }, { maxLength: integer(1), beamWidth: integer(1) }, { required: true }),
      row('source', 'beamSearch with a tensor for the source', () => seq2seq().beamSearch(ids([[0, 1]]) as never, { maxLength: 3 })),
      ...optionRows((o) => layers.encoderDecoder(o as layers.EncoderDecoderOptions), {
        sourceVocab: 5, targetVocab: 6, embeddingSize: 3, encoder: layers.cellLayer(gruCell({ inputSize: 3, hiddenSize: 4 })), decoder: lstmCell({ inputSize: 7, hiddenSize: 4 }), startToken: 1, endToken: 2,
      }, { sourceVocab: integer(1), targetVocab: integer(1), embeddingSize: integer(1), attention: choice }, { required: true }),
    ],
  }),
};

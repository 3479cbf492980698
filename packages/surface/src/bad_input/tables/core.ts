// Bad input for every export of @rnnkit/core.
import * as tf from '@tensorflow/tfjs-core';
import * as core from '@rnnkit/core';
import type { PackageTable } from '../row.js';
import { NOT_BOOLEANS, NOT_INTEGERS, disposed, objectRows, row, t, tensorRows } from '../rows.js';

const variable = (): tf.Variable => tf.variable(tf.zeros([2, 3]));
const SPEC: core.ParamSpec = { w: { shape: [2, 3], bound: 1 } };

export const coreTable: PackageTable = {
  module: '@rnnkit/core',
  exports: core,
  noBadInput: {
    describeValue: 'it describes any value at all, which is its job',
    REVERSE_SUFFIX: 'a constant string',
  },
  rows: () => ({
    InputError: [
      row('fn', 'fn not a string', () => new core.InputError(3 as unknown as string, 'x', 'm')),
      row('argument', 'argument not a string', () => new core.InputError('f', undefined as unknown as string, 'm')),
      row('message', 'message not a string', () => new core.InputError('f', 'x', null as unknown as string)),
    ],
    editDistance: [
      ...[undefined, null, 3, { length: 2 }].map((v) => row('a', `a = ${JSON.stringify(v) ?? 'undefined'}`, () => core.editDistance(v as never, [1]))),
      ...[undefined, null, 3, new DataView(new ArrayBuffer(4))].map((v) => row('b', `b = ${String(v)}`, () => core.editDistance([1], v as never))),
    ],
    checkBoolean: NOT_BOOLEANS.map((v) => row('flag', `value ${String(v)}`, () => core.checkBoolean('f', 'flag', v))),
    checkInteger: [0, -1, 11, ...NOT_INTEGERS].map((v) => row('size', `value ${String(v)}`, () => core.checkInteger('f', 'size', v, 1, 10))),
    checkNumber: [-1, 2, Number.NaN, Infinity, '0.5', null].map((v) => row('rate', `value ${String(v)}`, () => core.checkNumber('f', 'rate', v, 0, 1))),
    checkOneOf: ['c', 1, null, undefined].map((v) => row('mode', `value ${String(v)}`, () => core.checkOneOf('f', 'mode', v, ['a', 'b']))),
    checkKnownOptions: [
      row('options.strick', 'a typo', () => core.checkKnownOptions('f', 'options', { strick: true }, ['strict'])),
      row('strict', 'a null value', () => core.checkKnownOptions('f', 'options', { strict: null }, ['strict'])),
      ...objectRows('options', (v) => core.checkKnownOptions('f', 'options', v as object, ['strict']), [null, 'abc', 5, [1]]),
      row('options', 'required but missing', () => core.checkKnownOptions('f', 'options', undefined, ['strict'], { required: true })),
    ],
    checkLengths: [
      row('lengths', 'too few', () => core.checkLengths('f', [1], 2, 3)),
      row('lengths', 'too long', () => core.checkLengths('f', [4, 1], 2, 3)),
      row('lengths', 'negative', () => core.checkLengths('f', [-1, 1], 2, 3)),
      row('lengths', 'fractional', () => core.checkLengths('f', [1.5, 1], 2, 3)),
      row('lengths', 'a float32 tensor', () => core.checkLengths('f', tf.tensor1d([1, 1]), 2, 3)),
      row('lengths', 'a disposed tensor', () => {
        const lengths = tf.tensor1d([1, 1], 'int32');
        lengths.dispose();
        return core.checkLengths('f', lengths, 2, 3);
      }),
      row('lengths', 'a string', () => core.checkLengths('f', 'all', 2, 3)),
      row('steps', 'named by the caller', () => core.checkLengths('f', [9, 1], 2, 3, { argument: 'steps' })),
    ],
    checkParamSpec: [
      ...objectRows('spec', (v) => core.checkParamSpec('f', 'spec', v)),
      row('spec', 'a negative dimension', () => core.checkParamSpec('f', 'spec', { w: { shape: [-1], bound: 1 } })),
      row('spec', 'a NaN bound', () => core.checkParamSpec('f', 'spec', { w: { shape: [1], bound: Number.NaN } })),
      row('hiddenSize', 'too many elements', () => core.checkParamSpec('f', 'hiddenSize', { w: { shape: [4e6, 1e6], bound: 1 } })),
    ],
    checkParams: [
      ...objectRows('params', (v) => core.checkParams('f', SPEC, v)),
      row('params.w', 'a missing parameter', () => core.checkParams('f', SPEC, { w: undefined })),
      row('params.w', 'a parameter missing by name', () => core.checkParams('f', SPEC, {})),
      row('params.w', 'a wrong shape', () => core.checkParams('f', SPEC, { w: t([3, 2]) })),
      row('params.w', 'int32', () => core.checkParams('f', SPEC, { w: t([2, 3], 'int32') })),
      row('params.w', 'disposed', () => core.checkParams('f', SPEC, { w: disposed([2, 3]) })),
      row('params.w', 'not a tensor', () => core.checkParams('f', SPEC, { w: [[1, 2, 3], [4, 5, 6]] })),
      row('params.extra', 'an unknown parameter', () => core.checkParams('f', SPEC, { w: t([2, 3]), extra: t([1]) })),
      ...objectRows('spec', (v) => core.checkParams('f', v as core.ParamSpec, { w: t([2, 3]) }), [undefined, null, 'abc', 5]),
    ],
    layerParamName: [
      ...[-1, 1.5, Number.NaN, '0', undefined].map((v) => row('layer', `layer ${String(v)}`, () => core.layerParamName('weight_ih', v as number))),
      ...[3, '', undefined, null].map((v) => row('name', `name ${String(v)}`, () => core.layerParamName(v as string, 0))),
    ],
    parseRecurrentParamName: [3, undefined, null, ['weight_ih_l0'], {}].map((v) => row('name', `name ${JSON.stringify(v) ?? 'undefined'}`, () => core.parseRecurrentParamName(v as string))),
    shape2: [
      ...[undefined, null, [[1, 2]], 'x', { shape: [1, 2] }].map((v) => row('t', `t = ${JSON.stringify(v) ?? 'undefined'}`, () => core.shape2(v as tf.Tensor))),
      row('t', 'a 1-D tensor', () => core.shape2(t([3]))),
      row('t', 'a 3-D tensor', () => core.shape2(t([1, 2, 3]))),
    ],
    shape3: [
      ...[undefined, null, [[[1]]], 'x', { shape: [1, 2, 3] }].map((v) => row('t', `t = ${JSON.stringify(v) ?? 'undefined'}`, () => core.shape3(v as tf.Tensor))),
      row('t', 'a 2-D tensor', () => core.shape3(t([2, 3]))),
      row('t', 'a 4-D tensor', () => core.shape3(t([1, 1, 2, 3]))),
    ],
    checkTensor: [
      row('x', 'not a tensor', () => core.checkTensor('f', 'x', [1, 2])),
      row('x', 'disposed', () => core.checkTensor('f', 'x', disposed())),
      row('x', 'wrong rank', () => core.checkTensor('f', 'x', t([2]), { rank: 2 })),
      row('x', 'wrong shape', () => core.checkTensor('f', 'x', t([2, 3]), { shape: [2, 4] })),
      row('x', 'wrong dtype', () => core.checkTensor('f', 'x', t([2], 'int32'))),
    ],
    initParams: [
      ...objectRows('spec', (v) => core.initParams(v as core.ParamSpec)),
      row('spec', 'a negative dimension', () => core.initParams({ w: { shape: [-2], bound: 1 } })),
      row('spec', 'a fractional dimension', () => core.initParams({ w: { shape: [1.5], bound: 1 } })),
      row('spec', 'a negative bound', () => core.initParams({ w: { shape: [2], bound: -1 } })),
      row('spec', 'an absurd size', () => core.initParams({ w: { shape: [4e6, 1e6], bound: 1 } })),
      row('random', 'random not a function', () => core.initParams({ w: { shape: [2], bound: 1 } }, 3 as unknown as core.RandomSource)),
    ],
    loadStateDict: [
      ...objectRows('stateDict', (v) => core.loadStateDict('m.loadStateDict', { w: variable() }, v as Record<string, tf.Tensor>)),
      row('stateDict', 'a missing key', () => core.loadStateDict('m', { w: variable() }, {})),
      row('stateDict', 'an unexpected key', () => core.loadStateDict('m', { w: variable() }, { w: t([2, 3]), v: t([2]) })),
      row('stateDict.w', 'a wrong shape', () => core.loadStateDict('m', { w: variable() }, { w: t([3, 2]) })),
      row('stateDict.w', 'int32', () => core.loadStateDict('m', { w: variable() }, { w: t([2, 3], 'int32') })),
      row('stateDict.w', 'disposed', () => core.loadStateDict('m', { w: variable() }, { w: disposed([2, 3]) })),
      row('stateDict.w', 'not a tensor', () => core.loadStateDict('m', { w: variable() }, { w: [[1, 2, 3], [4, 5, 6]] as unknown as tf.Tensor })),
      ...[0, 1, 'yes'].map((v) => row('strict', `strict ${String(v)}`, () => core.loadStateDict('m', { w: variable() }, { w: t([2, 3]) }, { strict: v as unknown as boolean }))),
      row('options.strick', 'a typo', () => core.loadStateDict('m', { w: variable() }, { w: t([2, 3]) }, { strick: false } as core.LoadStateDictOptions)),
      row('target', 'target not an object', () => core.loadStateDict('m', null as unknown as Record<string, tf.Variable>, {})),
      row('target.w', 'a disposed variable', () => {
        const v = variable();
        v.dispose();
        return core.loadStateDict('m', { w: v }, { w: t([2, 3]) });
      }),
    ],
    seededRandom: ['abc', Number.NaN, 1.5, -1, 2 ** 32, null].map((v) => row('seed', `seed ${String(v)}`, () => core.seededRandom(v as number))),
    sequenceMask: [
      ...[-1, 1.5, Number.NaN, '3'].map((v) => row('steps', `steps ${String(v)}`, () => core.sequenceMask(v as number, 2))),
      ...[-1, 1.5, '2'].map((v) => row('batch', `batch ${String(v)}`, () => core.sequenceMask(3, v as number))),
      row('lengths', 'lengths longer than steps', () => core.sequenceMask(3, 2, Int32Array.from([4, 1]))),
      row('lengths', 'negative lengths', () => core.sequenceMask(3, 2, Int32Array.from([-1, 1]))),
      row('lengths', 'one length too few', () => core.sequenceMask(3, 2, Int32Array.from([1]))),
      row('lengths', 'a plain array', () => core.sequenceMask(3, 2, [1, 1] as unknown as Int32Array)),
    ],
    swapBatchAndTime: [
      ...tensorRows('x', (v) => core.swapBatchAndTime(v as tf.Tensor3D, true), [2, 3, 4]).filter((r) => !r.what.includes('int32')),
      ...['no', 0, 1, undefined].map((v) => row('batchFirst', `batchFirst ${String(v)}`, () => core.swapBatchAndTime(t([2, 3, 4]) as tf.Tensor3D, v as unknown as boolean))),
    ],
  }),
};

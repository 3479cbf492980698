// Bad input for @rnnkit/ops and the backend packages' exports.
import * as tf from '@tensorflow/tfjs-core';
import * as bcw from '@rnnkit/backend-cpu-wasm';
import * as backendNode from '@rnnkit/backend-node';
import * as ops from '@rnnkit/ops';
import type { PackageTable } from '../row.js';
import type { BadInputRow } from '../row.js';
import { choice, custom, disposed, flag, functionRows, integer, objectRows, optionRows, row, t, tensorRows } from '../rows.js';

const KERNEL_NAME = 'a kernel name (a string constant)';
const SCHEMA = 'an attribute schema (a constant object)';
const DESCRIPTOR = 'a fused operation (plain data: its spec and portable body) that runFusedOp and runDifferentiableOp take';

/** Inputs of the RNN forward, live; `skip` leaves one out. */
function rnnInputs(skip?: string): Record<string, tf.Tensor> {
  const all: Record<string, tf.Tensor> = { x: t([2, 1, 3]), h0: t([1, 4]), wIh: t([3, 4]), wHh: t([4, 4]), bias: t([4]), mask: t([2, 1, 1]) };
  if (skip !== undefined) delete all[skip];
  return all;
}

const RNN_ATTRS = { reverse: false, masked: false, activation: 'tanh', workspace: false } as const;

/** Inputs of lstmSequence (T 2, N 1, I 3, H 4), live, with `over` replacing some. */
const lstmInputs = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ x: t([2, 1, 3]), h0: t([1, 4]), c0: t([1, 4]), wIh: t([3, 16]), wHh: t([4, 16]), bias: t([16]), mask: t([2, 1, 1]), ...over });
/** Inputs of gruSequence (T 2, N 1, I 3, H 4). */
const gruInputs = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ x: t([2, 1, 3]), h0: t([1, 4]), wIh: t([3, 12]), wHh: t([4, 12]), bIh: t([12]), bHh: t([12]), mask: t([2, 1, 1]), ...over });
const SEQ = { reverse: false, masked: false };
/** Inputs of gruResetBeforeSequence (T 2, N 1, I 3, H 4): one bias. */
const gruResetBeforeInputs = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ x: t([2, 1, 3]), h0: t([1, 4]), wIh: t([3, 12]), wHh: t([4, 12]), bias: t([12]), mask: t([2, 1, 1]), ...over });

/**
 * Rows for each tensor input of a sequence operation: `shapes` gives each input's valid shape and
 * a wrong one (`x`, whose sizes the others are checked against, has none).
 */
function inputRows(call: (over: Record<string, unknown>) => unknown, shapes: Record<string, [number[], number[] | undefined]>): BadInputRow[] {
  return Object.entries(shapes).flatMap(([name, [shape, bad]]) => tensorRows(`inputs.${name}`, (v) => call({ [name]: v }), shape, bad));
}

/** Inputs of rnnGradients (T 2, N 1, I 3, H 4) and its other arguments. */
const gradInputs = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ x: t([2, 1, 3]), h0: t([1, 4]), wIh: t([3, 4]), hs: t([2, 1, 4]), ...over });
const das = (): tf.Tensor[] => [t([1, 4]), t([1, 4])];
/** rnnGradients with every argument valid except those in `over` (an `undefined` there is passed as is). */
const rnnGradients = (inputs: unknown, over: { das?: unknown; dh?: unknown; reverse?: unknown } = {}): unknown =>
  ops.rnnGradients(inputs as never, ('das' in over ? over.das : das()) as never, ('dh' in over ? over.dh : t([1, 4])) as never, ('reverse' in over ? over.reverse : false) as never);
const withoutUndefined = (rows: BadInputRow[]): BadInputRow[] => rows.filter((r) => !r.what.endsWith('undefined'));

export const opsTable: PackageTable = {
  module: '@rnnkit/ops',
  exports: ops,
  noBadInput: Object.fromEntries([
    ...['CTC_LOSS', 'CTC_LOSS_GRAD', 'GRU_RESET_BEFORE_SEQUENCE', 'GRU_RESET_BEFORE_SEQUENCE_GRAD', 'GRU_SEQUENCE', 'GRU_SEQUENCE_GRAD', 'LSTM_PROJ_SEQUENCE', 'LSTM_PROJ_SEQUENCE_GRAD', 'LSTM_SEQUENCE', 'LSTM_SEQUENCE_GRAD', 'RNN_SEQUENCE', 'RNN_SEQUENCE_GRAD'].map((k) => [k, KERNEL_NAME]),
    ...['GATED_SEQUENCE_ATTRS', 'GATED_SEQUENCE_FORWARD_ATTRS', 'RNN_ATTRS', 'RNN_FORWARD_ATTRS', 'SEQUENCE_ATTRS', 'SEQUENCE_FORWARD_ATTRS'].map((k) => [k, SCHEMA]),
    ['GATE_ACTIVATIONS', 'a constant list of names'],
    ['SUPPORTED_TFJS_RANGE', 'a constant semver range'],
    ...[
      'ctcLossGradOp', 'ctcLossOp', 'ctcLossWithGradient', 'gruResetBeforeSequenceGradOp', 'gruResetBeforeSequenceOp', 'gruResetBeforeSequenceWithGradient', 'gruSequenceGradOp', 'gruSequenceOp', 'gruSequenceWithGradient', 'lstmProjSequenceGradOp',
      'lstmProjSequenceOp', 'lstmProjSequenceWithGradient', 'lstmSequenceGradOp', 'lstmSequenceOp', 'lstmSequenceWithGradient', 'rnnSequenceGradOp',
      'rnnSequenceOp', 'rnnSequenceWithGradient',
    ].map((k) => [k, DESCRIPTOR]),
  ]),
  rows: () => ({
    lstmSequence: [
      ...objectRows('inputs', (v) => ops.lstmSequence(v as never, SEQ)),
      ...inputRows((o) => ops.lstmSequence(lstmInputs(o) as never, SEQ), {
        x: [[2, 1, 3], undefined], h0: [[1, 4], [2, 4]], c0: [[1, 4], [1, 5]], wIh: [[3, 16], [2, 16]], wHh: [[4, 16], [4, 12]], bias: [[16], [12]], mask: [[2, 1, 1], [3, 1, 1]],
      }),
      ...withoutUndefined(tensorRows('inputs.wHr', (v) => ops.lstmSequence(lstmInputs({ h0: t([1, 2]), wHh: t([2, 16]), wHr: v }) as never, SEQ), [4, 2], [3, 2])),
      row('inputs.wIh', 'a wIh whose width is not 4 gates', () => ops.lstmSequence(lstmInputs({ wIh: t([3, 15]) }) as never, SEQ)),
      row('inputs.h0', 'h0 of the hidden size with a projection', () => ops.lstmSequence(lstmInputs({ wHr: t([4, 2]) }) as never, SEQ)),
      row('inputs.bIh', 'an input the LSTM does not take', () => ops.lstmSequence(lstmInputs({ bIh: t([16]) }) as never, SEQ)),
      ...optionRows((o) => ops.lstmSequence(lstmInputs() as never, o as never), SEQ, { reverse: flag, masked: flag, gateActivation: choice }, { required: true }),
    ],
    gruSequence: [
      ...objectRows('inputs', (v) => ops.gruSequence(v as never, SEQ)),
      ...inputRows((o) => ops.gruSequence(gruInputs(o) as never, SEQ), {
        x: [[2, 1, 3], undefined], h0: [[1, 4], [1, 3]], wIh: [[3, 12], [4, 12]], wHh: [[4, 12], [4, 16]], bIh: [[12], [4]], bHh: [[12], [16]], mask: [[2, 1, 1], [2, 2, 1]],
      }),
      row('inputs.wIh', 'a wIh whose width is not 3 gates', () => ops.gruSequence(gruInputs({ wIh: t([3, 10]) }) as never, SEQ)),
      row('inputs.c0', 'an input the GRU does not take', () => ops.gruSequence(gruInputs({ c0: t([1, 4]) }) as never, SEQ)),
      ...optionRows((o) => ops.gruSequence(gruInputs() as never, o as never), SEQ, { reverse: flag, masked: flag, gateActivation: choice }, { required: true }),
    ],
    gruResetBeforeSequence: [
      ...objectRows('inputs', (v) => ops.gruResetBeforeSequence(v as never, SEQ)),
      ...inputRows((o) => ops.gruResetBeforeSequence(gruResetBeforeInputs(o) as never, SEQ), {
        x: [[2, 1, 3], undefined], h0: [[1, 4], [1, 3]], wIh: [[3, 12], [4, 12]], wHh: [[4, 12], [4, 16]], bias: [[12], [4]], mask: [[2, 1, 1], [2, 2, 1]],
      }),
      row('inputs.wIh', 'a wIh whose width is not 3 gates', () => ops.gruResetBeforeSequence(gruResetBeforeInputs({ wIh: t([3, 10]) }) as never, SEQ)),
      row('inputs.bHh', "the reset-after form's second bias", () => ops.gruResetBeforeSequence(gruResetBeforeInputs({ bHh: t([12]) }) as never, SEQ)),
      ...optionRows((o) => ops.gruResetBeforeSequence(gruResetBeforeInputs() as never, o as never), SEQ, { reverse: flag, masked: flag, gateActivation: choice }, { required: true }),
    ],
    rnnSequence: [
      ...objectRows('inputs', (v) => ops.rnnSequence(v as never, { ...SEQ, activation: 'tanh' })),
      ...inputRows((o) => ops.rnnSequence({ ...rnnInputs(), ...o } as never, { ...SEQ, activation: 'tanh' }), {
        x: [[2, 1, 3], undefined], h0: [[1, 4], [2, 4]], wIh: [[3, 4], [2, 4]], wHh: [[4, 4], [4, 5]], bias: [[4], [5]], mask: [[2, 1, 1], [2, 1, 4]],
      }),
      row('inputs.c0', 'an input the RNN does not take', () => ops.rnnSequence({ ...rnnInputs(), c0: t([1, 4]) } as never, { ...SEQ, activation: 'tanh' })),
      ...optionRows((o) => ops.rnnSequence(rnnInputs() as never, o as never), { ...SEQ, activation: 'tanh' }, { reverse: flag, masked: flag, activation: choice }, { required: true }),
    ],
    rnnGradients: [
      ...objectRows('inputs', (v) => rnnGradients(v), [undefined, null, 5]),
      ...inputRows((o) => rnnGradients(gradInputs(o)), { x: [[2, 1, 3], undefined], wIh: [[3, 4], [2, 4]], h0: [[1, 4], [1, 3]], hs: [[2, 1, 4], [3, 1, 4]] }),
      row('das', 'not an array', () => rnnGradients(gradInputs(), { das: 'das' })),
      row('das', 'one gradient for two steps', () => rnnGradients(gradInputs(), { das: [t([1, 4])] })),
      row('das[1]', 'a step gradient of the wrong size', () => rnnGradients(gradInputs(), { das: [t([1, 4]), t([1, 3])] })),
      row('das[0]', 'a disposed step gradient', () => rnnGradients(gradInputs(), { das: [disposed([1, 4]), t([1, 4])] })),
      ...tensorRows('dh', (v) => rnnGradients(gradInputs(), { dh: v }), [1, 4], [1, 5]),
      ...[0, 'yes', undefined].map((v) => row('reverse', `reverse = ${String(v)}`, () => rnnGradients(gradInputs(), { reverse: v }))),
    ],
    affine: [
      ...tensorRows('x', (v) => ops.affine(v as never, t([3, 4]) as tf.Tensor2D, t([4]) as tf.Tensor1D), [2, 3]),
      ...tensorRows('w', (v) => ops.affine(t([2, 3]) as tf.Tensor2D, v as never, t([4]) as tf.Tensor1D), [3, 4], [2, 4]),
      ...withoutUndefined(tensorRows('b', (v) => ops.affine(t([2, 3]) as tf.Tensor2D, t([3, 4]) as tf.Tensor2D, v as never), [4], [1])),
    ],
    stepSlices: tensorRows('t', (v) => ops.stepSlices(v as never), [2, 1, 3]),
    processingOrder: [
      ...[-1, 1.5, Number.NaN, '3', undefined].map((v) => row('steps', `steps = ${String(v)}`, () => ops.processingOrder(v as never, false))),
      ...[0, 'yes', undefined].map((v) => row('reverse', `reverse = ${String(v)}`, () => ops.processingOrder(3, v as never))),
    ],
    projectAllSteps: [
      ...tensorRows('x', (v) => ops.projectAllSteps(v as never, t([3, 4]), t([4])), [2, 1, 3]),
      ...tensorRows('w', (v) => ops.projectAllSteps(t([2, 1, 3]), v as never, t([4])), [3, 4], [2, 4]),
      ...withoutUndefined(tensorRows('bias', (v) => ops.projectAllSteps(t([2, 1, 3]), t([3, 4]), v as never), [4], [1])),
    ],
    previousStates: [
      ...tensorRows('states', (v) => ops.previousStates(t([1, 4]), v as never, false), [2, 1, 4]),
      ...tensorRows('h0', (v) => ops.previousStates(v as never, t([2, 1, 4]), false), [1, 4], [1, 3]),
      ...[0, 'yes', undefined].map((v) => row('reverse', `reverse = ${String(v)}`, () => ops.previousStates(t([1, 4]), t([2, 1, 4]), v as never))),
    ],
    stepWeightGrad: [
      ...tensorRows('a', (v) => ops.stepWeightGrad(v as never, t([2, 1, 4])), [2, 1, 3]),
      ...tensorRows('dz', (v) => ops.stepWeightGrad(t([2, 1, 3]), v as never), [2, 1, 4], [3, 1, 4]),
    ],
    inputGrad: [
      ...tensorRows('dz', (v) => ops.inputGrad(v as never, t([3, 4])), [2, 1, 4]),
      ...tensorRows('w', (v) => ops.inputGrad(t([2, 1, 4]), v as never), [3, 4], [3, 5]),
    ],
    biasGrad: tensorRows('dz', (v) => ops.biasGrad(v as never), [2, 1, 4]),
    squashGate: [
      ...tensorRows('a', (v) => ops.squashGate('hardSigmoid', v as never), [2, 4]),
      ...['tanh', 'hard_sigmoid', undefined, 1].map((v) => row('kind', `kind = ${String(v)}`, () => ops.squashGate(v as never, t([2, 4])))),
    ],
    gateSlope: [
      ...tensorRows('s', (v) => ops.gateSlope('sigmoid', v as never), [2, 4]),
      ...['tanh', 'Sigmoid', undefined, 1].map((v) => row('kind', `kind = ${String(v)}`, () => ops.gateSlope(v as never, t([2, 4])))),
    ],
    carriedPrevious: [
      ...tensorRows('newStates', (v) => ops.carriedPrevious(t([1, 4]), v as never, t([2, 1, 1]), true, false), [2, 1, 4]),
      ...tensorRows('h0', (v) => ops.carriedPrevious(v as never, t([2, 1, 4]), t([2, 1, 1]), true, false), [1, 4], [2, 4]),
      ...tensorRows('mask', (v) => ops.carriedPrevious(t([1, 4]), t([2, 1, 4]), v as never, true, false), [2, 1, 1], [2, 1, 2]),
      ...[0, 'yes', undefined].map((v) => row('masked', `masked = ${String(v)}`, () => ops.carriedPrevious(t([1, 4]), t([2, 1, 4]), t([2, 1, 1]), v as never, false))),
      ...[0, 'yes', undefined].map((v) => row('reverse', `reverse = ${String(v)}`, () => ops.carriedPrevious(t([1, 4]), t([2, 1, 4]), t([2, 1, 1]), true, v as never))),
    ],
    preparedTensor: [
      ...['abc', undefined, 5].map((v) => row('sources', `sources = ${String(v)}`, () => ops.preparedTensor(v as never, 'sum', () => t([2])))),
      row('sources[0]', 'a disposed source', () => ops.preparedTensor([disposed([2])], 'sum', () => t([2]))),
      row('sources[1]', 'a source that is not a tensor', () => ops.preparedTensor([t([2]), [1, 2]] as never, 'sum', () => t([2]))),
      ...['', 3, undefined].map((v) => row('kind', `kind = ${String(v)}`, () => ops.preparedTensor([t([2])], v as never, () => t([2])))),
      ...functionRows('make', (v) => ops.preparedTensor([t([2])], 'sum', v as never)).filter((r) => !r.what.endsWith('[object Object]')).concat(row('make', 'make = {}', () => ops.preparedTensor([t([2])], 'sum', {} as never))),
    ],
    derivedFromData: [
      ...[undefined, {}, 'cpu'].map((v) => row('backend', `backend = ${String(v)}`, () => ops.derivedFromData(v as never, [t([2])], 'k', () => 1, () => undefined))),
      ...[[], undefined, 'abc'].map((v) => row('sources', `sources = ${JSON.stringify(v)}`, () => ops.derivedFromData(tf.backend(), v as never, 'k', () => 1, () => undefined))),
      row('sources[0]', 'a source without a dataId', () => ops.derivedFromData(tf.backend(), [{}] as never, 'k', () => 1, () => undefined)),
      ...['', 3].map((v) => row('kind', `kind = ${String(v)}`, () => ops.derivedFromData(tf.backend(), [t([2])], v as never, () => 1, () => undefined))),
      ...functionRows('make', (v) => ops.derivedFromData(tf.backend(), [t([2])], 'k', v as never, () => undefined)),
      ...functionRows('free', (v) => ops.derivedFromData(tf.backend(), [t([2])], 'k', () => 1, v as never)),
    ],
    whenReleased: [
      ...[undefined, {}, 'cpu'].map((v) => row('backend', `backend = ${String(v)}`, () => ops.whenReleased(v as never, t([2]).dataId, () => undefined))),
      ...[undefined, null, 3].map((v) => row('dataId', `dataId = ${String(v)}`, () => ops.whenReleased(tf.backend(), v as never, () => undefined))),
      ...functionRows('release', (v) => ops.whenReleased(tf.backend(), t([2]).dataId, v as never)),
    ],
    runFusedOp: [
      ...objectRows('op', (v) => ops.runFusedOp(v as never, rnnInputs() as never, RNN_ATTRS as never)),
      row('op.spec', 'a spec without inputs', () => ops.runFusedOp({ ...ops.rnnSequenceOp, spec: { ...ops.rnnSequenceOp.spec, inputs: undefined } } as never, rnnInputs() as never, RNN_ATTRS as never)),
      ...objectRows('inputs', (v) => ops.runFusedOp(ops.rnnSequenceOp, v as never, RNN_ATTRS)),
      row('inputs.h0', 'a missing input', () => ops.runFusedOp(ops.rnnSequenceOp, rnnInputs('h0') as never, RNN_ATTRS)),
      row('inputs.x', 'a disposed input', () => ops.runFusedOp(ops.rnnSequenceOp, { ...rnnInputs(), x: disposed([2, 1, 3]) } as never, RNN_ATTRS)),
      row('inputs.x', 'an array for a tensor', () => ops.runFusedOp(ops.rnnSequenceOp, { ...rnnInputs(), x: [1, 2] } as never, RNN_ATTRS)),
      row('inputs.c0', 'an input the operation does not take', () => ops.runFusedOp(ops.rnnSequenceOp, { ...rnnInputs(), c0: t([1, 4]) } as never, RNN_ATTRS)),
      ...objectRows('attrs', (v) => ops.runFusedOp(ops.rnnSequenceOp, rnnInputs() as never, v as never)),
      row('attrs.reverse', 'a number for a boolean', () => ops.runFusedOp(ops.rnnSequenceOp, rnnInputs() as never, { ...RNN_ATTRS, reverse: 1 } as never)),
      row('attrs.activation', 'an unknown activation', () => ops.runFusedOp(ops.rnnSequenceOp, rnnInputs() as never, { ...RNN_ATTRS, activation: 'gelu' } as never)),
      row('attrs.gateActivation', 'an unknown gate activation', () => ops.runFusedOp(ops.lstmSequenceOp, lstmInputs() as never, { ...SEQ, workspace: false, gateActivation: 'tanh' } as never)),
      row('attrs.gateActivation', 'a missing gate activation', () => ops.runFusedOp(ops.gruSequenceOp, gruInputs() as never, { ...SEQ, workspace: false } as never)),
      row('attrs.workspace', 'a missing attribute', () => ops.runFusedOp(ops.rnnSequenceOp, rnnInputs() as never, { reverse: false, masked: false, activation: 'tanh' } as never)),
      row('attrs.blank', 'an attribute the operation does not take', () => ops.runFusedOp(ops.rnnSequenceOp, rnnInputs() as never, { ...RNN_ATTRS, blank: 0 } as never)),
    ],
    runDifferentiableOp: [
      ...objectRows('op', (v) => ops.runDifferentiableOp(v as never, rnnInputs() as never, RNN_ATTRS as never), [undefined, null, 5]),
      row('op.backward', 'no backward operation', () => ops.runDifferentiableOp({ forward: ops.rnnSequenceOp } as never, rnnInputs() as never, RNN_ATTRS as never)),
      row('inputs.wHh', 'a missing input', () => ops.runDifferentiableOp(ops.rnnSequenceWithGradient, rnnInputs('wHh') as never, { reverse: false, masked: false, activation: 'tanh' })),
      row('attrs.masked', 'a string for a boolean', () => ops.runDifferentiableOp(ops.rnnSequenceWithGradient, rnnInputs() as never, { reverse: false, masked: 'no', activation: 'tanh' } as never)),
      row('attrs.workspace', 'the workspace attribute, which the operation sets itself', () => ops.runDifferentiableOp(ops.rnnSequenceWithGradient, rnnInputs() as never, RNN_ATTRS as never)),
    ],
    fusedKernelConfig: [
      ...objectRows('spec', (v) => ops.fusedKernelConfig(v as never, 'cpu', () => ({}) as never)),
      ...['', 5, undefined].map((v) => row('backendName', `backendName = ${String(v)}`, () => ops.fusedKernelConfig(ops.rnnSequenceOp.spec, v as never, () => ({}) as never))),
      ...['f', 3, undefined].map((v) => row('body', `body = ${String(v)}`, () => ops.fusedKernelConfig(ops.rnnSequenceOp.spec, 'cpu', v as never))),
    ],
    checkTfjsVersion: [
      ...[4.22, undefined, null].map((v) => row('version', `version = ${String(v)}`, () => ops.checkTfjsVersion(v as never))),
      row('what', 'an empty package name', () => ops.checkTfjsVersion('4.22.0', '')),
    ],
  }),
};

export const backendCpuWasmTable: PackageTable = {
  module: '@rnnkit/backend-cpu-wasm',
  exports: bcw,
  noBadInput: {
    cpuKernelConfigs: 'kernel configurations (plain data) that tfjs registers',
    wasmKernelConfigs: 'kernel configurations (plain data) that tfjs registers',
  },
  rows: () => ({}),
};

export const backendNodeTable: PackageTable = {
  module: '@rnnkit/backend-node',
  exports: backendNode,
  noBadInput: { NODE_BACKEND_CHOICES: 'a constant list of backend names' },
  rows: () => ({
    setupNodeBackend: optionRows((o) => backendNode.setupNodeBackend(o as backendNode.SetupNodeBackendOptions), {}, {
      prefer: custom('gpu', 3),
      loadModule: custom('import', 3),
      webgpuTimeoutMs: integer(1),
    // setupNodeBackend names its options `options.<name>`; a null value is refused by the shared
    // options check, which names the option alone.
    }).map((r) => (r.argument === 'options' || r.argument.startsWith('options.') || r.what.endsWith('= null') ? r : { ...r, argument: `options.${r.argument}` })),
  }),
};

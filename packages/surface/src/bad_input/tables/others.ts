// Bad input for @rnnkit/ops and the backend packages' exports.
import type * as tf from '@tensorflow/tfjs-core';
import * as bcw from '@rnnkit/backend-cpu-wasm';
import * as backendNode from '@rnnkit/backend-node';
import * as ops from '@rnnkit/ops';
import type { PackageTable } from '../row.js';
import { custom, disposed, integer, objectRows, optionRows, row, t } from '../rows.js';

const KERNEL_NAME = 'a kernel name (a string constant)';
const SCHEMA = 'an attribute schema (a constant object)';
const DESCRIPTOR = 'a fused operation (plain data: its spec and portable body) that runFusedOp and runDifferentiableOp take';
const UNCHECKED = 'not validated at its entry yet: ops documents its inputs as unchecked (its callers are internal)';

/** Inputs of the RNN forward, live; `skip` leaves one out. */
function rnnInputs(skip?: string): Record<string, tf.Tensor> {
  const all: Record<string, tf.Tensor> = { x: t([2, 1, 3]), h0: t([1, 4]), wIh: t([3, 4]), wHh: t([4, 4]), bias: t([4]), mask: t([2, 1, 1]) };
  if (skip !== undefined) delete all[skip];
  return all;
}

const RNN_ATTRS = { reverse: false, masked: false, activation: 'tanh', workspace: false } as const;

export const opsTable: PackageTable = {
  module: '@rnnkit/ops',
  exports: ops,
  noBadInput: Object.fromEntries([
    ...['CTC_LOSS', 'CTC_LOSS_GRAD', 'GRU_SEQUENCE', 'GRU_SEQUENCE_GRAD', 'LSTM_PROJ_SEQUENCE', 'LSTM_PROJ_SEQUENCE_GRAD', 'LSTM_SEQUENCE', 'LSTM_SEQUENCE_GRAD', 'RNN_SEQUENCE', 'RNN_SEQUENCE_GRAD'].map((k) => [k, KERNEL_NAME]),
    ...['RNN_ATTRS', 'RNN_FORWARD_ATTRS', 'SEQUENCE_ATTRS', 'SEQUENCE_FORWARD_ATTRS'].map((k) => [k, SCHEMA]),
    ['SUPPORTED_TFJS_RANGE', 'a constant semver range'],
    ...[
      'ctcLossGradOp', 'ctcLossOp', 'ctcLossWithGradient', 'gruSequenceGradOp', 'gruSequenceOp', 'gruSequenceWithGradient', 'lstmProjSequenceGradOp',
      'lstmProjSequenceOp', 'lstmProjSequenceWithGradient', 'lstmSequenceGradOp', 'lstmSequenceOp', 'lstmSequenceWithGradient', 'rnnSequenceGradOp',
      'rnnSequenceOp', 'rnnSequenceWithGradient',
    ].map((k) => [k, DESCRIPTOR]),
  ]),
  pending: Object.fromEntries(
    [
      'affine', 'biasGrad', 'carriedPrevious', 'derivedFromData', 'gruSequence', 'inputGrad', 'lstmSequence', 'preparedTensor', 'previousStates',
      'processingOrder', 'projectAllSteps', 'rnnGradients', 'rnnSequence', 'stepSlices', 'stepWeightGrad', 'whenReleased',
    ].map((k) => [k, UNCHECKED]),
  ),
  rows: () => ({
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

// Bad input for @rnnkit/ops and the backend packages' exports.
import * as bcw from '@rnnkit/backend-cpu-wasm';
import * as backendNode from '@rnnkit/backend-node';
import * as ops from '@rnnkit/ops';
import type { PackageTable } from '../row.js';
import { custom, integer, optionRows } from '../rows.js';

const KERNEL_NAME = 'a kernel name (a string constant)';
const DESCRIPTOR = 'an operation descriptor or plan (plain data) that the fused operations run';
const UNCHECKED = 'not validated at its entry yet: ops documents its inputs as unchecked (its callers are internal); owned by the ops rework';

export const opsTable: PackageTable = {
  module: '@rnnkit/ops',
  exports: ops,
  noBadInput: Object.fromEntries([
    ...['GRU_SEQUENCE', 'GRU_SEQUENCE_GRAD', 'LSTM_PROJ_SEQUENCE', 'LSTM_PROJ_SEQUENCE_GRAD', 'LSTM_SEQUENCE', 'LSTM_SEQUENCE_GRAD', 'RNN_SEQUENCE', 'RNN_SEQUENCE_GRAD', 'WORKSPACE_ATTR'].map((k) => [k, KERNEL_NAME]),
    ...['gruSequenceGradOp', 'gruSequenceOp', 'gruSequencePlan', 'lstmProjSequenceGradOp', 'lstmProjSequenceOp', 'lstmProjSequencePlan', 'lstmSequenceGradOp', 'lstmSequenceOp', 'lstmSequencePlan', 'rnnSequenceGradOp', 'rnnSequenceOp', 'rnnSequencePlan'].map((k) => [k, DESCRIPTOR]),
  ]),
  pending: Object.fromEntries(
    ['affine', 'biasGrad', 'carriedPrevious', 'gruSequence', 'input', 'inputGrad', 'lstmSequence', 'previousStates', 'processingOrder', 'projectAllSteps', 'rnnGradients', 'rnnSequence', 'runFusedOp', 'runSequenceOp', 'stepWeightGrad', 'wantsWorkspace'].map((k) => [k, UNCHECKED]),
  ),
  rows: () => ({}),
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

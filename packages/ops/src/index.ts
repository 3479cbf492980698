/**
 * Named fused sequence operations (RNN, LSTM, GRU) with their gradients and portable implementations.
 * @module @rnnkit/ops
 */
export { runFusedOp } from './fused_op.js';
export { affine } from './affine.js';
export type { FusedOp, PortableImpl } from './fused_op.js';
export {
  GRU_SEQUENCE,
  GRU_SEQUENCE_GRAD,
  gruSequence,
  gruSequenceGradOp,
  gruSequenceOp,
  gruSequencePlan,
} from './gru_sequence.js';
export type { GruSequenceInputs, GruSequenceOutputs } from './gru_sequence.js';
export {
  LSTM_PROJ_SEQUENCE,
  LSTM_PROJ_SEQUENCE_GRAD,
  LSTM_SEQUENCE,
  LSTM_SEQUENCE_GRAD,
  lstmProjSequenceGradOp,
  lstmProjSequenceOp,
  lstmSequence,
  lstmSequenceGradOp,
  lstmSequenceOp,
  lstmSequencePlan,
  lstmProjSequencePlan,
} from './lstm_sequence.js';
export type { LstmSequenceInputs, LstmSequenceOutputs } from './lstm_sequence.js';
export {
  RNN_SEQUENCE,
  RNN_SEQUENCE_GRAD,
  rnnGradients,
  rnnSequence,
  rnnSequenceGradOp,
  rnnSequenceOp,
  rnnSequencePlan,
} from './rnn_sequence.js';
export type { RnnActivation, RnnSequenceInputs, RnnSequenceOutputs } from './rnn_sequence.js';
export type { SequenceOpOptions } from './sequence_op_options.js';
export { runSequenceOp, wantsWorkspace, WORKSPACE_ATTR } from './sequence_op_plan.js';
export type { SequenceOpPlan } from './sequence_op_plan.js';
// Building blocks of the portable operations, for backends whose kernels keep the same structure
// and replace only the per-step arithmetic.
export {
  biasGrad,
  carriedPrevious,
  input,
  inputGrad,
  previousStates,
  processingOrder,
  projectAllSteps,
  stepWeightGrad,
} from './sequence_helpers.js';

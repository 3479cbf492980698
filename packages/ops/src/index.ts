/**
 * Named fused operations (RNN, LSTM, GRU sequences; CTC) with their specs, gradients and portable
 * implementations, and what a backend needs to implement them.
 * @module @rnnkit/ops
 */
export { affine } from './affine.js';
export type { AttrKind, AttrSchema, AttrValues, FusedOpSpec, OpInputs, OpOutputs } from './fused_op_spec.js';
export type { FusedOp } from './fused_op.js';
export { runFusedOp } from './run_fused_op.js';
export type { DifferentiableOp, WorkspaceAttr } from './differentiable_op.js';
export { runDifferentiableOp } from './run_differentiable_op.js';
export { fusedKernelConfig } from './fused_kernel_config.js';
export type { FusedKernelBody } from './fused_kernel_config.js';
export { GATE_ACTIVATIONS, GATED_SEQUENCE_ATTRS, GATED_SEQUENCE_FORWARD_ATTRS, SEQUENCE_ATTRS, SEQUENCE_FORWARD_ATTRS } from './sequence_attrs.js';
export type { GateActivation } from './sequence_attrs.js';
export { gateSlope, squashGate } from './gate_activation.js';
export { checkTfjsVersion } from './check_tfjs_version.js';
export { SUPPORTED_TFJS_RANGE } from './supported_tfjs_range.js';
export {
  GRU_SEQUENCE,
  GRU_SEQUENCE_GRAD,
  gruSequence,
  gruSequenceGradOp,
  gruSequenceOp,
  gruSequenceWithGradient,
} from './gru_sequence.js';
export type { GruGradInput, GruGradOf, GruInput, GruOutput, GruSequenceInputs, GruSequenceOutputs, GruWorkspace } from './gru_sequence.js';
export {
  GRU_RESET_BEFORE_SEQUENCE,
  GRU_RESET_BEFORE_SEQUENCE_GRAD,
  gruResetBeforeSequence,
  gruResetBeforeSequenceGradOp,
  gruResetBeforeSequenceOp,
  gruResetBeforeSequenceWithGradient,
} from './gru_reset_before_sequence.js';
export type {
  GruResetBeforeGradInput,
  GruResetBeforeGradOf,
  GruResetBeforeInput,
  GruResetBeforeOutput,
  GruResetBeforeSequenceInputs,
  GruResetBeforeSequenceOutputs,
  GruResetBeforeWorkspace,
} from './gru_reset_before_sequence.js';
export {
  LSTM_PROJ_SEQUENCE,
  LSTM_PROJ_SEQUENCE_GRAD,
  LSTM_SEQUENCE,
  LSTM_SEQUENCE_GRAD,
  lstmProjSequenceGradOp,
  lstmProjSequenceOp,
  lstmProjSequenceWithGradient,
  lstmSequence,
  lstmSequenceGradOp,
  lstmSequenceOp,
  lstmSequenceWithGradient,
} from './lstm_sequence.js';
export type { LstmGradInput, LstmGradOf, LstmInput, LstmOutput, LstmSequenceInputs, LstmSequenceOutputs, LstmWorkspace } from './lstm_sequence.js';
export {
  RNN_ATTRS,
  RNN_FORWARD_ATTRS,
  RNN_SEQUENCE,
  RNN_SEQUENCE_GRAD,
  rnnGradients,
  rnnSequence,
  rnnSequenceGradOp,
  rnnSequenceOp,
  rnnSequenceWithGradient,
} from './rnn_sequence.js';
export type { RnnActivation, RnnGradInput, RnnGradOf, RnnInput, RnnOutput, RnnSequenceInputs, RnnSequenceOutputs } from './rnn_sequence.js';
export { CTC_LOSS, CTC_LOSS_GRAD, ctcLossGradOp, ctcLossOp, ctcLossWithGradient } from './ctc_loss_op.js';
export type { CtcLossGradInput, CtcLossInput } from './ctc_loss_op.js';
export type { GatedSequenceOpOptions, SequenceOpOptions } from './sequence_op_options.js';
// Building blocks of the portable operations, for backends whose kernels keep the same structure
// and replace only the per-step arithmetic.
export {
  biasGrad,
  carriedPrevious,
  inputGrad,
  previousStates,
  processingOrder,
  projectAllSteps,
  stepSlices,
  stepWeightGrad,
} from './sequence_helpers.js';
export { preparedTensor } from './prepared_tensor.js';
export { derivedFromData } from './derived_from_data.js';
export { whenReleased } from './when_released.js';

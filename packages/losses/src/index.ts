export { crossEntropy } from './cross_entropy.js';
export type { CrossEntropyOptions } from './cross_entropy.js';
export type { Reduction } from './reduction.js';
export { ctcLoss } from './ctc_loss.js';
export type { CtcLossOptions, CtcTargets } from './ctc_loss.js';
export { CTC_LOSS, CTC_LOSS_GRAD, ctcLossGradOp, ctcLossOp } from './ctc_op.js';

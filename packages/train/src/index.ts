/**
 * Training loops (full and truncated BPTT), clipping, schedules, early stopping, progress and exact-resume checkpoints.
 * @module @rnnkit/train
 */
export { adam } from './adam.js';
export type { AdamOptions } from './adam.js';
export { CarriedState } from './carried_state.js';
export { CheckpointableRandom } from './checkpointable_random.js';
export { clipByGlobalNorm } from './clip_by_global_norm.js';
export type { ClippedGradients } from './clip_by_global_norm.js';
export { clipByValue } from './clip_by_value.js';
export { cosineDecay } from './cosine_decay.js';
export type { CosineDecayOptions } from './cosine_decay.js';
export { EarlyStopping } from './early_stopping.js';
export type { EarlyStoppingOptions, EarlyStoppingState } from './early_stopping.js';
export { fit } from './fit.js';
export type { FitOptions, FitResult, ProgressEvent } from './fit.js';
export type { LearningRateSchedule } from './learning_rate_schedule.js';
export { linearWarmup } from './linear_warmup.js';
export type { Optimizer, OptimizerState } from './optimizer.js';
export { restoreTrainer } from './restore_trainer.js';
export type { RestoredExtras } from './restore_trainer.js';
export { sgd } from './sgd.js';
export type { SgdOptions } from './sgd.js';
export { stepDecay } from './step_decay.js';
export type { StepDecayOptions } from './step_decay.js';
export { Trainer } from './trainer.js';
export type { StatefulRandom, StepResult, TrainerOptions } from './trainer.js';
export { trainerCheckpoint } from './trainer_checkpoint.js';
export type { Checkpoint, CheckpointExtras, CheckpointJson } from './trainer_checkpoint.js';
export { truncatedBptt } from './truncated_bptt.js';
export type { TruncatedBpttOptions } from './truncated_bptt.js';

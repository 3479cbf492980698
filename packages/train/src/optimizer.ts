// The optimizer contract the trainer drives: named variables, named gradients, checkpointable state.
import type * as tf from '@tensorflow/tfjs-core';

/** An optimizer's state: tensors by name and plain numbers, enough to continue exactly. */
export interface OptimizerState {
  readonly tensors: Readonly<Record<string, tf.Tensor>>;
  readonly values: Readonly<Record<string, number>>;
}

/**
 * Updates variables from gradients, both keyed by parameter name. Unlike tfjs's optimizers its
 * whole state can be saved and restored bit for bit, which exact resumption needs (tfjs's Adam
 * rebuilds its bias-correction powers with `pow` on restore, which differs in the last bits from
 * the running product it keeps while training).
 */
export interface Optimizer {
  readonly kind: string;
  /** Read at every `apply`, so a schedule can set it between steps. */
  learningRate: number;
  /** Steps applied so far. */
  readonly iterations: number;
  /**
   * One step; a variable without a gradient is left alone, as PyTorch skips `grad is None`.
   * Every gradient is checked (name, shape, dtype) before any variable changes.
   */
  apply(variables: Readonly<Record<string, tf.Variable>>, grads: Readonly<Record<string, tf.Tensor>>): void;
  /** The live state (not copies). */
  state(): OptimizerState;
  /**
   * Throws an `InputError` (from `fn`) unless `state` is one this optimizer, with these settings,
   * could have reached on `variables`: known slot names for existing variables, their shapes,
   * float32, finite, second moments >= 0, every counter and the learning rate in range.
   */
  checkState(fn: string, state: OptimizerState, variables: Readonly<Record<string, tf.Variable>>): void;
  /** Restores a state that `checkState` accepts; nothing changes when it does not. */
  restore(state: OptimizerState, variables: Readonly<Record<string, tf.Variable>>): void;
  dispose(): void;
}

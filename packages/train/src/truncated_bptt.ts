// Truncated backpropagation through time: fixed-length chunks, the state carried across them.
import type * as tf from '@tensorflow/tfjs-core';
import { InputError, checkKnownOptions, describeValue } from '@rnnkit/core';
import { CarriedState } from './carried_state.js';
import type { FitOptions, FitResult } from './fit.js';
import { fit } from './fit.js';
import type { Trainer } from './trainer.js';

export interface TruncatedBpttOptions extends Omit<FitOptions, 'loss'> {
  /**
   * Runs chunk `step` from `initialState` (`undefined`: zeros) and returns its loss and the state
   * after its last step.
   */
  chunkLoss: (step: number, initialState: Record<string, tf.Tensor3D> | undefined) => { loss: tf.Scalar; state: Record<string, tf.Tensor> };
  /** The carried state; pass your own to checkpoint it or to read it after training. @default a new one, freed at the end */
  carried?: CarriedState;
  /** Whether chunk `step` starts from zeros (a new stream, or the text wrapped around). @default never */
  resetBefore?: (step: number) => boolean;
}

/**
 * Trains on consecutive chunks of long streams: each chunk starts from the state the previous
 * one ended with, and its gradient stops at the chunk's first step (the carried state is a plain
 * input on the chunk's tape).
 *
 * @example
 * truncatedBptt(trainer, {
 *   steps: 400,
 *   chunkLoss: (step, initialState) => {
 *     const { output, state } = model.forward(inputs(step), { initialState });
 *     return { loss: lossOf(output, targets(step)), state };
 *   },
 * });
 */
export function truncatedBptt(trainer: Trainer, options: TruncatedBpttOptions): FitResult {
  const fn = 'truncatedBptt';
  checkKnownOptions(fn, 'options', options, ['steps', 'chunkLoss', 'carried', 'resetBefore', 'tokensPerStep', 'validate', 'checkpoint', 'afterStep', 'onProgress'], { required: true });
  const { chunkLoss, carried: given, resetBefore, afterStep, ...rest } = options;
  if (typeof chunkLoss !== 'function') throw new InputError(fn, 'chunkLoss', `chunkLoss must be a function, got ${describeValue(chunkLoss)}`);
  if (given !== undefined && !(given instanceof CarriedState)) {
    throw new InputError(fn, 'carried', `carried must be a CarriedState, got ${describeValue(given)}`);
  }
  if (resetBefore !== undefined && typeof resetBefore !== 'function') throw new InputError(fn, 'resetBefore', `resetBefore must be a function of the step, got ${describeValue(resetBefore)}`);
  if (afterStep !== undefined && typeof afterStep !== 'function') throw new InputError(fn, 'afterStep', `afterStep must be a function, got ${describeValue(afterStep)}`);
  const carried = given ?? new CarriedState();
  try {
    return fit(trainer, {
      ...rest,
      loss: (step) => {
        if (resetBefore?.(step) === true) carried.reset();
        const { loss, state } = chunkLoss(step, carried.state);
        carried.stage(state);
        return loss;
      },
      afterStep: (result) => {
        // Only now is the previous state no longer needed by the chunk's backward pass.
        carried.commit();
        afterStep?.(result);
      },
    });
  } finally {
    if (given === undefined) carried.dispose();
  }
}

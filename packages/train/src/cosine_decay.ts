// Cosine annealing: PyTorch's CosineAnnealingLR (without restarts) counted in optimizer steps.
import { checkInteger, checkKnownOptions, checkNumber } from '@rnnkit/core';
import type { LearningRateSchedule } from './learning_rate_schedule.js';

export interface CosineDecayOptions {
  /** The rate at step 0. */
  learningRate: number;
  /** Steps from the start to the minimum; the rate stays at the minimum after. */
  totalSteps: number;
  /** The final rate. @default 0 */
  minimum?: number;
}

/** `minimum + (learningRate - minimum) * (1 + cos(pi * min(step, totalSteps) / totalSteps)) / 2`. */
export function cosineDecay(options: CosineDecayOptions): LearningRateSchedule {
  const fn = 'cosineDecay';
  checkKnownOptions(fn, 'options', options, ['learningRate', 'totalSteps', 'minimum'], { required: true });
  const learningRate = checkNumber(fn, 'learningRate', options.learningRate, 0, Number.MAX_VALUE);
  const totalSteps = checkInteger(fn, 'totalSteps', options.totalSteps, 1);
  const minimum = checkNumber(fn, 'minimum', options.minimum ?? 0, 0, learningRate);
  return (step) => {
    checkNumber('cosineDecay(step)', 'step', step, 0, Number.MAX_VALUE);
    return minimum + ((learningRate - minimum) * (1 + Math.cos((Math.PI * Math.min(step, totalSteps)) / totalSteps))) / 2;
  };
}

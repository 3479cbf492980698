// Step decay: PyTorch's StepLR counted in optimizer steps.
import { checkInteger, checkKnownOptions, checkNumber } from '@rnnkit/core';
import type { LearningRateSchedule } from './learning_rate_schedule.js';

export interface StepDecayOptions {
  /** The rate before the first decay. */
  learningRate: number;
  /** Steps between decays. */
  stepSize: number;
  /** Factor applied at each decay. @default 0.1 */
  gamma?: number;
}

/** `learningRate * gamma ** floor(step / stepSize)`. */
export function stepDecay(options: StepDecayOptions): LearningRateSchedule {
  const fn = 'stepDecay';
  checkKnownOptions(fn, 'options', options, ['learningRate', 'stepSize', 'gamma'], { required: true });
  const learningRate = checkNumber(fn, 'learningRate', options.learningRate, 0, Number.MAX_VALUE);
  const stepSize = checkInteger(fn, 'stepSize', options.stepSize, 1);
  const gamma = checkNumber(fn, 'gamma', options.gamma ?? 0.1, 0, Number.MAX_VALUE);
  return (step) => {
    checkNumber('stepDecay(step)', 'step', step, 0, Number.MAX_VALUE);
    return learningRate * gamma ** Math.floor(step / stepSize);
  };
}

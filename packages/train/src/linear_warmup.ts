// Linear warm-up in front of any schedule.
import { InputError, checkInteger, checkNumber, describeValue } from '@rnnkit/core';
import type { LearningRateSchedule } from './learning_rate_schedule.js';

/**
 * `schedule(step) * (step + 1) / warmupSteps` for the first `warmupSteps` steps, then
 * `schedule(step)`: the rate climbs to the schedule linearly, never starting at zero.
 */
export function linearWarmup(schedule: LearningRateSchedule, warmupSteps: number): LearningRateSchedule {
  const fn = 'linearWarmup';
  if (typeof schedule !== 'function') throw new InputError(fn, 'schedule', `schedule must be a function of the step, got ${describeValue(schedule)}`);
  checkInteger(fn, 'warmupSteps', warmupSteps, 0);
  return (step) => {
    checkNumber('linearWarmup(step)', 'step', step, 0, Number.MAX_VALUE);
    return (step < warmupSteps ? (schedule(step) * (step + 1)) / warmupSteps : schedule(step));
  };
}

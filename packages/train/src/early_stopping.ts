// Early stopping on a validation metric.
import { checkInteger, checkKnownOptions, checkNumber, checkOneOf } from '@rnnkit/core';

export interface EarlyStoppingOptions {
  /** Whether a lower ('min', e.g. a loss) or higher ('max', e.g. accuracy) metric is better. @default 'min' */
  mode?: 'min' | 'max';
  /** Evaluations without improvement before stopping. @default 3 */
  patience?: number;
  /** The least change that counts as an improvement. @default 0 */
  minDelta?: number;
}

/** Where early stopping stands; saved in checkpoints. */
export interface EarlyStoppingState {
  best: number | null;
  bestStep: number | null;
  waited: number;
}

/**
 * Tracks a validation metric and says when it has not improved by more than `minDelta` for
 * `patience` evaluations in a row.
 *
 * @example
 * const stopper = new EarlyStopping({ patience: 2 });
 * if (stopper.update(validationLoss, step)) break;
 */
export class EarlyStopping {
  readonly mode: 'min' | 'max';
  readonly patience: number;
  readonly minDelta: number;
  best: number | null = null;
  bestStep: number | null = null;
  waited = 0;

  constructor(options: EarlyStoppingOptions = {}) {
    const fn = 'EarlyStopping';
    checkKnownOptions(fn, 'options', options, ['mode', 'patience', 'minDelta']);
    this.mode = checkOneOf(fn, 'mode', options.mode ?? 'min', ['min', 'max']);
    this.patience = checkInteger(fn, 'patience', options.patience ?? 3, 1);
    this.minDelta = checkNumber(fn, 'minDelta', options.minDelta ?? 0, 0, Number.MAX_VALUE);
  }

  /** Records `metric` (measured after `step`); returns true when training should stop. */
  update(metric: number, step: number): boolean {
    checkNumber('EarlyStopping.update', 'metric', metric, -Number.MAX_VALUE, Number.MAX_VALUE);
    checkInteger('EarlyStopping.update', 'step', step, 0);
    const better = this.best === null || (this.mode === 'min' ? metric < this.best - this.minDelta : metric > this.best + this.minDelta);
    if (better) {
      this.best = metric;
      this.bestStep = step;
      this.waited = 0;
      return false;
    }
    this.waited += 1;
    return this.waited >= this.patience;
  }

  get state(): EarlyStoppingState {
    return { best: this.best, bestStep: this.bestStep, waited: this.waited };
  }

  set state(value: EarlyStoppingState) {
    const fn = 'EarlyStopping.state';
    checkKnownOptions(fn, 'state', value, ['best', 'bestStep', 'waited'], { required: true, nullable: ['best', 'bestStep'] });
    if (value.best !== null) checkNumber(fn, 'best', value.best, -Number.MAX_VALUE, Number.MAX_VALUE);
    if (value.bestStep !== null) checkInteger(fn, 'bestStep', value.bestStep, 0);
    checkInteger(fn, 'waited', value.waited, 0);
    this.best = value.best;
    this.bestStep = value.bestStep;
    this.waited = value.waited;
  }
}

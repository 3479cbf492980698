// The training loop: steps until done or stopped early, with validation, progress and checkpoints.
import { InputError, checkInteger, checkKnownOptions, describeValue } from '@rnnkit/core';
import { EarlyStopping } from './early_stopping.js';
import type { StepResult } from './trainer.js';
import { Trainer } from './trainer.js';
import type * as tf from '@tensorflow/tfjs-core';

/** Reported after every step. */
export interface ProgressEvent extends StepResult {
  readonly totalSteps: number;
  /** Tokens (or samples) per second over this run of `fit`. */
  readonly tokensPerSecond: number;
  readonly elapsedSeconds: number;
  /** Seconds left at the mean step time so far. */
  readonly etaSeconds: number;
  /** The latest validation metric, if any yet. */
  readonly validation?: number;
}

export interface FitOptions {
  /** Train until the trainer has taken this many steps in all (a resumed trainer continues). */
  steps: number;
  /**
   * The loss of the step with 0-based index `step`. Choose its data from `step` (or from
   * `trainer.random`), so that a resumed run sees the same data.
   */
  loss: (step: number) => tf.Scalar;
  /** Tokens each step processes, for `tokensPerSecond`. @default 1 */
  tokensPerStep?: number;
  /** Evaluate a metric every `every` steps (and after the last); stop early if `earlyStopping` says so. */
  validate?: { every: number; metric: () => number; earlyStopping?: EarlyStopping };
  /** Called every `every` steps and after the last, e.g. to write a checkpoint. */
  checkpoint?: { every: number; save: (step: number) => void };
  /** Called after every step, before validation. */
  afterStep?: (result: StepResult) => void;
  onProgress?: (event: ProgressEvent) => void;
}

/** What a run of `fit` did. */
export interface FitResult {
  /** The loss of each step this run took. */
  readonly losses: number[];
  readonly validations: Array<{ step: number; metric: number }>;
  readonly stoppedEarly: boolean;
  readonly seconds: number;
}

/**
 * Runs `trainer.trainStep(() => loss(step))` until `trainer.step === steps`. With one loss per
 * whole-sequence batch this is full backpropagation through time; `truncatedBptt` builds on it.
 *
 * @example
 * fit(trainer, { steps: 500, loss: (step) => model.loss(batch(step)), onProgress: (e) => bar.update(e.step) });
 */
export function fit(trainer: Trainer, options: FitOptions): FitResult {
  const fn = 'fit';
  if (!(trainer instanceof Trainer)) throw new InputError(fn, 'trainer', `trainer must be a Trainer, got ${describeValue(trainer)}`);
  checkKnownOptions(fn, 'options', options, ['steps', 'loss', 'tokensPerStep', 'validate', 'checkpoint', 'afterStep', 'onProgress'], { required: true });
  const steps = checkInteger(fn, 'steps', options.steps, 0);
  if (typeof options.loss !== 'function') throw new InputError(fn, 'loss', `loss must be a function of the step, got ${describeValue(options.loss)}`);
  const tokensPerStep = checkInteger(fn, 'tokensPerStep', options.tokensPerStep ?? 1, 1);
  const { validate, checkpoint, afterStep, onProgress } = options;
  if (validate !== undefined) {
    checkKnownOptions(fn, 'validate', validate, ['every', 'metric', 'earlyStopping']);
    checkInteger(fn, 'validate.every', validate.every, 1);
    if (typeof validate.metric !== 'function') throw new InputError(fn, 'validate.metric', `validate.metric must be a function returning a number, got ${describeValue(validate.metric)}`);
    if (validate.earlyStopping !== undefined && !(validate.earlyStopping instanceof EarlyStopping)) {
      throw new InputError(fn, 'validate.earlyStopping', `validate.earlyStopping must be an EarlyStopping, got ${describeValue(validate.earlyStopping)}`);
    }
  }
  if (checkpoint !== undefined) {
    checkKnownOptions(fn, 'checkpoint', checkpoint, ['every', 'save']);
    checkInteger(fn, 'checkpoint.every', checkpoint.every, 1);
    if (typeof checkpoint.save !== 'function') throw new InputError(fn, 'checkpoint.save', `checkpoint.save must be a function of the step, got ${describeValue(checkpoint.save)}`);
  }
  for (const [name, value] of [['afterStep', afterStep], ['onProgress', onProgress]] as const) {
    if (value !== undefined && typeof value !== 'function') throw new InputError(fn, name, `${name} must be a function, got ${describeValue(value)}`);
  }
  const losses: number[] = [];
  const validations: Array<{ step: number; metric: number }> = [];
  const started = performance.now();
  const firstStep = trainer.step;
  let stoppedEarly = false;
  let latest: number | undefined;
  while (trainer.step < steps && !stoppedEarly) {
    const index = trainer.step;
    const result = trainer.trainStep(() => options.loss(index));
    losses.push(result.loss);
    afterStep?.(result);
    const last = result.step === steps;
    if (validate !== undefined && (result.step % validate.every === 0 || last)) {
      latest = validate.metric();
      validations.push({ step: result.step, metric: latest });
      if (validate.earlyStopping?.update(latest, result.step) === true) stoppedEarly = true;
    }
    if (checkpoint !== undefined && (result.step % checkpoint.every === 0 || last || stoppedEarly)) checkpoint.save(result.step);
    if (onProgress !== undefined) {
      const elapsedSeconds = (performance.now() - started) / 1000;
      const done = result.step - firstStep;
      onProgress({
        ...result,
        totalSteps: steps,
        tokensPerSecond: elapsedSeconds > 0 ? (done * tokensPerStep) / elapsedSeconds : 0,
        elapsedSeconds,
        etaSeconds: (elapsedSeconds / done) * (steps - result.step),
        ...(latest === undefined ? {} : { validation: latest }),
      });
    }
  }
  return { losses, validations, stoppedEarly, seconds: (performance.now() - started) / 1000 };
}

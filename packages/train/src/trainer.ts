// One optimisation step at a time: gradients, clipping, the learning-rate schedule, the step count.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkInteger, checkKnownOptions, checkNumber, describeValue } from '@rnnkit/core';
import { CheckpointableRandom } from './checkpointable_random.js';
import { clipByGlobalNorm } from './clip_by_global_norm.js';
import { clipByValue } from './clip_by_value.js';
import type { LearningRateSchedule } from './learning_rate_schedule.js';
import type { Optimizer } from './optimizer.js';

export interface TrainerOptions {
  /** The trainable variables by name; the names key checkpoints (use PyTorch's state_dict names). */
  variables: Readonly<Record<string, tf.Variable>>;
  optimizer: Optimizer;
  /** The learning rate of each step. @default the optimizer's own rate, constant */
  schedule?: LearningRateSchedule;
  /** Clip the gradients' global L2 norm to this (PyTorch's clip_grad_norm_). @default no clipping */
  clipNorm?: number;
  /** Clamp each gradient element to [-clipValue, clipValue], before any norm clipping. @default no clipping */
  clipValue?: number;
  /** Seed of `random`, the trainer's checkpointed generator for data order and sampling. @default 0 */
  seed?: number;
  /**
   * Other random generators whose draws affect training, by name, saved in checkpoints and set
   * back on restore so a resumed run is exact: a model's dropout generator
   * (`{ dropout: model.random }`). Each needs a read-write integer `state`.
   * @default {}
   */
  randomGenerators?: Readonly<Record<string, StatefulRandom>>;
}

/** A random generator whose whole state is one 32-bit integer (`seededRandom`, `CheckpointableRandom`). */
export interface StatefulRandom {
  state: number;
}

/** What one step did. */
export interface StepResult {
  /** Steps taken so far, this one included. */
  readonly step: number;
  readonly loss: number;
  /** The global gradient norm before clipping. */
  readonly gradNorm: number;
  readonly learningRate: number;
}

/**
 * Takes optimisation steps on named variables: `trainStep(loss)` takes the gradient of the scalar
 * `loss()` with respect to every variable, clips it, sets the scheduled learning rate and applies
 * the optimizer. The step count and `random` are part of its state, so a checkpoint of the
 * trainer (see `trainerCheckpoint`) resumes exactly.
 */
export class Trainer {
  readonly variables: Readonly<Record<string, tf.Variable>>;
  readonly optimizer: Optimizer;
  readonly random: CheckpointableRandom;
  /** The generators given as `randomGenerators`, checkpointed with the trainer. */
  readonly randomGenerators: Readonly<Record<string, StatefulRandom>>;
  /** Steps taken; the next step's 0-based index. */
  step = 0;
  private readonly schedule: LearningRateSchedule | undefined;
  private readonly clipNorm: number;
  private readonly clipValue: number | undefined;

  constructor(options: TrainerOptions) {
    const fn = 'Trainer';
    checkKnownOptions(fn, 'options', options, ['variables', 'optimizer', 'schedule', 'clipNorm', 'clipValue', 'seed', 'randomGenerators'], { required: true });
    const { variables, optimizer, schedule } = options;
    if (typeof variables !== 'object' || variables === null || Object.keys(variables).length === 0) {
      throw new InputError(fn, 'variables', `variables must be a non-empty object of named tf.Variables, got ${describeValue(variables)}`);
    }
    for (const [name, v] of Object.entries(variables)) {
      if (!(v instanceof tf.Variable) || !v.trainable || v.isDisposed || v.dtype !== 'float32') {
        throw new InputError(fn, `variables.${name}`, `variables.${name} must be a live, trainable float32 tf.Variable, got ${describeValue(v)}`);
      }
    }
    const methods = ['apply', 'state', 'checkState', 'restore', 'dispose'] as const;
    if (typeof optimizer !== 'object' || optimizer === null || typeof optimizer.kind !== 'string' || methods.some((m) => typeof optimizer[m] !== 'function')) {
      throw new InputError(fn, 'optimizer', `optimizer must be an Optimizer (adam(), sgd()), got ${describeValue(optimizer)}`);
    }
    if (schedule !== undefined && typeof schedule !== 'function') {
      throw new InputError(fn, 'schedule', `schedule must be a function of the step, got ${describeValue(schedule)}`);
    }
    this.variables = variables;
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.clipNorm = options.clipNorm === undefined ? Infinity : checkNumber(fn, 'clipNorm', options.clipNorm, 0, Number.MAX_VALUE);
    this.clipValue = options.clipValue === undefined ? undefined : checkNumber(fn, 'clipValue', options.clipValue, 0, Number.MAX_VALUE);
    this.random = new CheckpointableRandom(checkInteger(fn, 'seed', options.seed ?? 0, 0, 2 ** 32 - 1));
    const generators = options.randomGenerators ?? {};
    if (typeof generators !== 'object' || generators === null || Array.isArray(generators)) {
      throw new InputError(fn, 'randomGenerators', `randomGenerators must be an object of named generators, got ${describeValue(generators)}`);
    }
    for (const [name, g] of Object.entries(generators)) {
      const state: unknown = (typeof g === 'object' || typeof g === 'function') && g !== null ? (g as StatefulRandom).state : undefined;
      if (typeof state !== 'number' || !Number.isInteger(state) || state < 0 || state >= 2 ** 32) {
        throw new InputError(fn, `randomGenerators.${name}`, `randomGenerators.${name} must have an integer state in [0, 2^32) (seededRandom(), model.random), got ${describeValue(g)}`);
      }
    }
    this.randomGenerators = generators;
  }

  /** One step on the scalar `loss()`, built inside (so its intermediates are freed). */
  trainStep(loss: () => tf.Scalar): StepResult {
    const fn = 'Trainer.trainStep';
    if (typeof loss !== 'function') throw new InputError(fn, 'loss', `loss must be a function returning a scalar, got ${describeValue(loss)}`);
    const learningRate = this.schedule === undefined ? this.optimizer.learningRate : this.schedule(this.step);
    checkNumber(fn, 'schedule(step)', learningRate, 0, Number.MAX_VALUE);
    this.optimizer.learningRate = learningRate;
    const names = Object.keys(this.variables);
    for (const name of names) {
      if (this.variables[name]?.isDisposed !== false) throw new InputError(fn, `variables.${name}`, `the trainer's variable ${name} was disposed`);
    }
    const list = names.map((n) => this.variables[n] as tf.Variable);
    // Inside a tidy, so the tensors a throwing loss made are freed with the error.
    const { value, grads } = tf.tidy(() => tf.variableGrads(() => {
      const result = loss();
      if (!(result instanceof tf.Tensor) || result.rank !== 0 || result.dtype !== 'float32') {
        throw new InputError(fn, 'loss', `loss must return a float32 scalar tensor, got ${describeValue(result)}`);
      }
      return result;
    }, list));
    // variableGrads keys gradients by the variables' tfjs names; the trainer uses its own.
    const named: Record<string, tf.Tensor> = {};
    names.forEach((n, i) => {
      const g = grads[(list[i] as tf.Variable).name];
      if (g !== undefined) named[n] = g;
    });
    const byValue = this.clipValue === undefined ? named : clipByValue(named, this.clipValue);
    const { grads: clipped, norm } = clipByGlobalNorm(byValue, this.clipNorm);
    this.optimizer.apply(this.variables, clipped);
    const lossValue = value.dataSync()[0] ?? NaN;
    const gradNorm = norm.dataSync()[0] ?? NaN;
    tf.dispose([value, norm, ...Object.values(grads), ...Object.values(clipped), ...(byValue === named ? [] : Object.values(byValue))]);
    this.step += 1;
    return { step: this.step, loss: lossValue, gradNorm, learningRate };
  }
}

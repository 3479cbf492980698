// Everything a trainer needs to continue exactly, as named tensors plus a small JSON object.
import type * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import type { CarriedState } from './carried_state.js';
import { checkExtras } from './check_extras.js';
import type { EarlyStopping, EarlyStoppingState } from './early_stopping.js';
import { Trainer } from './trainer.js';

/** What goes with the trainer into a checkpoint. */
export interface CheckpointExtras {
  /** The carried recurrent state of truncated BPTT, saved as `carry.<name>`. @default none */
  carried?: CarriedState;
  /** Early-stopping progress. @default none */
  earlyStopping?: EarlyStopping;
  /** Your own tensors, saved as `extra.<name>`. @default none */
  tensors?: Readonly<Record<string, tf.Tensor>>;
  /** Your own JSON-serialisable value (vocabulary, settings). @default none */
  json?: unknown;
}

/** The JSON half of a checkpoint. */
export interface CheckpointJson {
  format: 'rnnkit-checkpoint';
  version: 1;
  step: number;
  random: number;
  /** The states of the trainer's `randomGenerators` (dropout), by name. */
  randomGenerators?: Record<string, number>;
  optimizer: { kind: string; values: Record<string, number> };
  earlyStopping?: EarlyStoppingState;
  extra?: unknown;
}

/** A checkpoint in memory: live tensors (not copies; do not dispose them) and the JSON. */
export interface Checkpoint {
  tensors: Record<string, tf.Tensor>;
  json: CheckpointJson;
}

/**
 * Takes a checkpoint of `trainer`: its variables (`param.<name>`), optimizer state
 * (`optimizer.<slot>` and its counters), random-generator states (its own and its
 * `randomGenerators`, e.g. dropout) and step, plus `extras`.
 */
export function trainerCheckpoint(trainer: Trainer, extras: CheckpointExtras = {}): Checkpoint {
  const fn = 'trainerCheckpoint';
  if (!(trainer instanceof Trainer)) throw new InputError(fn, 'trainer', `trainer must be a Trainer, got ${describeValue(trainer)}`);
  checkExtras(fn, extras, ['carried', 'earlyStopping', 'tensors', 'json']);
  const own = extras.tensors ?? {};
  if (typeof own !== 'object' || own === null || Array.isArray(own)) {
    throw new InputError(fn, 'extras.tensors', `extras.tensors must be an object of named tensors, got ${describeValue(own)}`);
  }
  for (const [name, t] of Object.entries(own)) {
    if (typeof t !== 'object' || t === null || (t as tf.Tensor).isDisposed !== false) {
      throw new InputError(fn, `extras.tensors.${name}`, `extras.tensors.${name} must be a live tensor, got ${describeValue(t)}`);
    }
  }
  for (const [name, v] of Object.entries(trainer.variables)) {
    if (v.isDisposed) throw new InputError(fn, 'trainer', `the trainer's variable ${name} was disposed`);
  }
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, v] of Object.entries(trainer.variables)) tensors[`param.${name}`] = v;
  const optimizerState = trainer.optimizer.state();
  for (const [name, t] of Object.entries(optimizerState.tensors)) tensors[`optimizer.${name}`] = t;
  for (const [name, t] of Object.entries(extras.carried?.state ?? {})) tensors[`carry.${name}`] = t;
  for (const [name, t] of Object.entries(own)) tensors[`extra.${name}`] = t;
  const generators = Object.entries(trainer.randomGenerators);
  const json: CheckpointJson = {
    format: 'rnnkit-checkpoint',
    version: 1,
    step: trainer.step,
    random: trainer.random.state,
    ...(generators.length === 0 ? {} : { randomGenerators: Object.fromEntries(generators.map(([k, g]) => [k, g.state])) }),
    optimizer: { kind: trainer.optimizer.kind, values: { ...optimizerState.values } },
    ...(extras.earlyStopping === undefined ? {} : { earlyStopping: extras.earlyStopping.state }),
    ...(extras.json === undefined ? {} : { extra: extras.json }),
  };
  return { tensors, json };
}

// Everything a trainer needs to continue exactly, as named tensors plus a small JSON object.
import type * as tf from '@tensorflow/tfjs-core';
import type { CarriedState } from './carried_state.js';
import type { EarlyStopping, EarlyStoppingState } from './early_stopping.js';
import type { Trainer } from './trainer.js';

/** What goes with the trainer into a checkpoint. */
export interface CheckpointExtras {
  /** The carried recurrent state of truncated BPTT, saved as `carry.<name>`. */
  carried?: CarriedState;
  /** Early-stopping progress. */
  earlyStopping?: EarlyStopping;
  /** Your own tensors, saved as `extra.<name>`. */
  tensors?: Readonly<Record<string, tf.Tensor>>;
  /** Your own JSON-serialisable value (vocabulary, settings). */
  json?: unknown;
}

/** The JSON half of a checkpoint. */
export interface CheckpointJson {
  format: 'rnnkit-checkpoint';
  version: 1;
  step: number;
  random: number;
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
 * (`optimizer.<slot>` and its counters), random-generator state and step, plus `extras`.
 */
export function trainerCheckpoint(trainer: Trainer, extras: CheckpointExtras = {}): Checkpoint {
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, v] of Object.entries(trainer.variables)) tensors[`param.${name}`] = v;
  const optimizerState = trainer.optimizer.state();
  for (const [name, t] of Object.entries(optimizerState.tensors)) tensors[`optimizer.${name}`] = t;
  for (const [name, t] of Object.entries(extras.carried?.state ?? {})) tensors[`carry.${name}`] = t;
  for (const [name, t] of Object.entries(extras.tensors ?? {})) tensors[`extra.${name}`] = t;
  const json: CheckpointJson = {
    format: 'rnnkit-checkpoint',
    version: 1,
    step: trainer.step,
    random: trainer.random.state,
    optimizer: { kind: trainer.optimizer.kind, values: { ...optimizerState.values } },
    ...(extras.earlyStopping === undefined ? {} : { earlyStopping: extras.earlyStopping.state }),
    ...(extras.json === undefined ? {} : { extra: extras.json }),
  };
  return { tensors, json };
}

// Puts a trainer (and its carried state, early stopping) back where a checkpoint left it.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import type { CarriedState } from './carried_state.js';
import type { EarlyStopping } from './early_stopping.js';
import type { Trainer } from './trainer.js';
import type { CheckpointJson } from './trainer_checkpoint.js';

/** Your parts of a restored checkpoint. */
export interface RestoredExtras {
  /** The `extra.<name>` tensors by name (the checkpoint's own tensors, not copies). */
  tensors: Record<string, tf.Tensor>;
  json: unknown;
}

function withPrefix(tensors: Readonly<Record<string, tf.Tensor>>, prefix: string): Record<string, tf.Tensor> {
  return Object.fromEntries(Object.entries(tensors).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
}

function checkJson(fn: string, json: unknown): CheckpointJson {
  const j = json as Partial<CheckpointJson> | null;
  const problem =
    typeof j !== 'object' || j === null ? `must be an object, got ${describeValue(json)}`
      : j.format !== 'rnnkit-checkpoint' || j.version !== 1 ? `is not an rnnkit checkpoint of version 1 (format ${describeValue(j.format)}, version ${describeValue(j.version)})`
        : !Number.isInteger(j.step) || (j.step as number) < 0 ? `has step ${describeValue(j.step)}, not a non-negative integer`
          : !Number.isInteger(j.random) || (j.random as number) < 0 || (j.random as number) >= 2 ** 32 ? `has random state ${describeValue(j.random)}, not a 32-bit unsigned integer`
            : typeof j.optimizer !== 'object' || j.optimizer === null || typeof j.optimizer.kind !== 'string' ? `has no optimizer kind`
              : undefined;
  if (problem !== undefined) throw new InputError(fn, 'checkpoint.json', `the checkpoint ${problem}`);
  return j as CheckpointJson;
}

/**
 * Restores `trainer` from `checkpoint` (from `trainerCheckpoint` or `loadCheckpoint`): variables by
 * name (every one present with its shape, nothing extra), optimizer state, random state and
 * step; and `carried` / `earlyStopping` when given. Checks everything before changing anything.
 */
export function restoreTrainer(
  trainer: Trainer,
  checkpoint: { tensors: Readonly<Record<string, tf.Tensor>>; json: unknown },
  extras: { carried?: CarriedState; earlyStopping?: EarlyStopping } = {},
): RestoredExtras {
  const fn = 'restoreTrainer';
  const json = checkJson(fn, checkpoint.json);
  const params = withPrefix(checkpoint.tensors, 'param.');
  const problems: string[] = [];
  const missing = Object.keys(trainer.variables).filter((n) => !Object.hasOwn(params, n));
  const unexpected = Object.keys(params).filter((n) => !Object.hasOwn(trainer.variables, n));
  if (missing.length > 0) problems.push(`missing parameters: ${missing.join(', ')}`);
  if (unexpected.length > 0) problems.push(`unexpected parameters: ${unexpected.join(', ')}`);
  for (const [name, v] of Object.entries(trainer.variables)) {
    const t = params[name];
    if (t !== undefined && (!tf.util.arraysEqual(t.shape, v.shape) || t.dtype !== v.dtype)) {
      problems.push(`${name} is ${t.dtype} [${t.shape.join(', ')}], the variable ${v.dtype} [${v.shape.join(', ')}]`);
    }
  }
  if (json.optimizer.kind !== trainer.optimizer.kind) problems.push(`the optimizer is ${json.optimizer.kind}, the trainer's ${trainer.optimizer.kind}`);
  if (problems.length > 0) throw new InputError(fn, 'checkpoint', `the checkpoint does not fit the trainer (${problems.join('; ')})`);
  for (const [name, v] of Object.entries(trainer.variables)) v.assign(params[name] as tf.Tensor);
  trainer.optimizer.restore({ tensors: withPrefix(checkpoint.tensors, 'optimizer.'), values: json.optimizer.values });
  trainer.random.state = json.random;
  trainer.step = json.step;
  if (extras.carried !== undefined) {
    const carry = withPrefix(checkpoint.tensors, 'carry.');
    extras.carried.set(Object.keys(carry).length === 0 ? undefined : carry);
  }
  if (extras.earlyStopping !== undefined && json.earlyStopping !== undefined) extras.earlyStopping.state = json.earlyStopping;
  return { tensors: withPrefix(checkpoint.tensors, 'extra.'), json: json.extra };
}

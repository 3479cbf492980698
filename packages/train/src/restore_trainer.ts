// Puts a trainer (and its carried state, early stopping) back where a checkpoint left it.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import type { CarriedState } from './carried_state.js';
import { checkExtras } from './check_extras.js';
import type { EarlyStopping, EarlyStoppingState } from './early_stopping.js';
import { Trainer } from './trainer.js';
import type { CheckpointJson } from './trainer_checkpoint.js';

/** Your parts of a restored checkpoint. */
export interface RestoredExtras {
  /** The `extra.<name>` tensors by name (the checkpoint's own tensors, not copies). */
  tensors: Record<string, tf.Tensor>;
  json: unknown;
}

const PREFIXES = ['param.', 'optimizer.', 'carry.', 'extra.'];
const JSON_FIELDS = ['format', 'version', 'step', 'random', 'randomGenerators', 'optimizer', 'earlyStopping', 'extra'];

function withPrefix(tensors: Readonly<Record<string, tf.Tensor>>, prefix: string): Record<string, tf.Tensor> {
  return Object.fromEntries(Object.entries(tensors).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
}

function isUint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 32;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkJson(fn: string, json: unknown, trainer: Trainer): CheckpointJson {
  const fail = (field: string, problem: string): never => {
    throw new InputError(fn, `checkpoint.json${field === '' ? '' : `.${field}`}`, `the checkpoint ${problem}`);
  };
  if (!isRecord(json)) return fail('', `must be an object, got ${describeValue(json)}`);
  if (json['format'] !== 'rnnkit-checkpoint' || json['version'] !== 1) {
    fail('format', `is not an rnnkit checkpoint of version 1 (format ${describeValue(json['format'])}, version ${describeValue(json['version'])})`);
  }
  for (const key of Object.keys(json)) if (!JSON_FIELDS.includes(key)) fail(key, `has an unknown field ${JSON.stringify(key)}`);
  const step = json['step'];
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) fail('step', `has step ${describeValue(step)}, not a non-negative integer`);
  if (!isUint32(json['random'])) fail('random', `has random state ${describeValue(json['random'])}, not a 32-bit unsigned integer`);
  const generators = json['randomGenerators'] ?? {};
  if (!isRecord(generators)) return fail('randomGenerators', `has randomGenerators ${describeValue(generators)}, not an object of states`);
  const wanted = Object.keys(trainer.randomGenerators);
  const saved = Object.keys(generators);
  const missing = wanted.filter((k) => !saved.includes(k));
  const unexpected = saved.filter((k) => !wanted.includes(k));
  if (missing.length > 0 || unexpected.length > 0) {
    fail('randomGenerators', `has random generators [${saved.join(', ')}], the trainer [${wanted.join(', ')}]: a resume without the same generators would not be exact`);
  }
  for (const [name, state] of Object.entries(generators)) {
    if (!isUint32(state)) fail(`randomGenerators.${name}`, `has randomGenerators.${name} ${describeValue(state)}, not a 32-bit unsigned integer`);
  }
  const optimizer = json['optimizer'];
  if (!isRecord(optimizer) || typeof optimizer['kind'] !== 'string' || !isRecord(optimizer['values'])) {
    fail('optimizer', `has optimizer ${describeValue(optimizer)}, not {kind, values}`);
  }
  const early = json['earlyStopping'];
  if (early !== undefined) {
    const ok = isRecord(early) && Object.keys(early).every((k) => ['best', 'bestStep', 'waited'].includes(k))
      && (early['best'] === null || (typeof early['best'] === 'number' && Number.isFinite(early['best'])))
      && (early['bestStep'] === null || (typeof early['bestStep'] === 'number' && Number.isSafeInteger(early['bestStep']) && early['bestStep'] >= 0))
      && typeof early['waited'] === 'number' && Number.isSafeInteger(early['waited']) && early['waited'] >= 0;
    if (!ok) fail('earlyStopping', `has earlyStopping ${describeValue(early)}, not {best, bestStep, waited}`);
  }
  return json as unknown as CheckpointJson;
}

/** Throws unless every tensor is live, float32 and (for parameters and state) finite. */
function checkValues(fn: string, label: string, tensor: unknown, finite: boolean): tf.Tensor {
  if (!(tensor instanceof tf.Tensor) || tensor.isDisposed) {
    throw new InputError(fn, label, `${label} must be a live tensor, got ${describeValue(tensor)}`);
  }
  if (finite) {
    if (tensor.dtype !== 'float32') throw new InputError(fn, label, `${label} must be float32, got ${tensor.dtype}`);
    const data = tensor.dataSync();
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) throw new InputError(fn, label, `${label}[${i}] is ${data[i]}; a checkpoint holds finite values`);
    }
  }
  return tensor;
}

/**
 * Restores `trainer` from `checkpoint` (from `trainerCheckpoint` or `loadCheckpoint`): variables by
 * name (every one present with its shape, nothing extra), optimizer state, random states
 * (the trainer's and its `randomGenerators`) and step; and `carried` / `earlyStopping` when
 * given. All or nothing: every name, shape, dtype, value (finite; Adam's second moments >= 0)
 * and field is checked before anything changes, so a refused checkpoint leaves the trainer as it
 * was.
 */
export function restoreTrainer(
  trainer: Trainer,
  checkpoint: { tensors: Readonly<Record<string, tf.Tensor>>; json: unknown },
  extras: { carried?: CarriedState; earlyStopping?: EarlyStopping } = {},
): RestoredExtras {
  const fn = 'restoreTrainer';
  if (!(trainer instanceof Trainer)) throw new InputError(fn, 'trainer', `trainer must be a Trainer, got ${describeValue(trainer)}`);
  checkExtras(fn, extras, ['carried', 'earlyStopping']);
  if (!isRecord(checkpoint)) throw new InputError(fn, 'checkpoint', `checkpoint must be an object {tensors, json}, got ${describeValue(checkpoint)}`);
  const { tensors } = checkpoint;
  if (!isRecord(tensors)) throw new InputError(fn, 'checkpoint.tensors', `checkpoint.tensors must be an object of named tensors, got ${describeValue(tensors)}`);
  for (const name of Object.keys(tensors)) {
    if (!PREFIXES.some((p) => name.startsWith(p))) {
      throw new InputError(fn, `checkpoint.tensors.${name}`, `the checkpoint has a tensor ${JSON.stringify(name)} outside ${PREFIXES.map((p) => `${p}*`).join(', ')}`);
    }
    checkValues(fn, `checkpoint.tensors.${name}`, tensors[name], !name.startsWith('extra.'));
  }
  const json = checkJson(fn, checkpoint.json, trainer);
  const params = withPrefix(tensors, 'param.');
  const problems: string[] = [];
  const missing = Object.keys(trainer.variables).filter((n) => !Object.hasOwn(params, n));
  const unexpected = Object.keys(params).filter((n) => !Object.hasOwn(trainer.variables, n));
  if (missing.length > 0) problems.push(`missing parameters: ${missing.join(', ')}`);
  if (unexpected.length > 0) problems.push(`unexpected parameters: ${unexpected.join(', ')}`);
  for (const [name, v] of Object.entries(trainer.variables)) {
    const t = params[name];
    if (v.isDisposed) problems.push(`the trainer's variable ${name} was disposed`);
    else if (t !== undefined && (!tf.util.arraysEqual(t.shape, v.shape) || t.dtype !== v.dtype)) {
      problems.push(`${name} is ${t.dtype} [${t.shape.join(', ')}], the variable ${v.dtype} [${v.shape.join(', ')}]`);
    }
  }
  if (json.optimizer.kind !== trainer.optimizer.kind) problems.push(`the optimizer is ${json.optimizer.kind}, the trainer's ${trainer.optimizer.kind}`);
  if (problems.length > 0) throw new InputError(fn, 'checkpoint', `the checkpoint does not fit the trainer (${problems.join('; ')})`);
  const optimizerState = { tensors: withPrefix(tensors, 'optimizer.'), values: json.optimizer.values };
  trainer.optimizer.checkState(fn, optimizerState, trainer.variables);
  const carry = withPrefix(tensors, 'carry.');
  for (const [name, t] of Object.entries(carry)) {
    if (t.rank !== 3) throw new InputError(fn, `checkpoint.tensors.carry.${name}`, `carry.${name} must be a 3-D state tensor (slots, N, size), got shape [${t.shape.join(', ')}]`);
  }
  // Everything is checked: from here on nothing can fail half-way.
  for (const [name, v] of Object.entries(trainer.variables)) {
    const value = params[name] as tf.Tensor;
    // A variable assigned its own data would free it first (an in-memory checkpoint holds the
    // live variables).
    if (value.dataId !== v.dataId) v.assign(value);
  }
  trainer.optimizer.restore(optimizerState, trainer.variables);
  trainer.random.state = json.random;
  for (const [name, g] of Object.entries(trainer.randomGenerators)) g.state = json.randomGenerators?.[name] ?? g.state;
  trainer.step = json.step;
  if (extras.carried !== undefined) extras.carried.set(Object.keys(carry).length === 0 ? undefined : carry);
  if (extras.earlyStopping !== undefined && json.earlyStopping !== undefined) extras.earlyStopping.state = json.earlyStopping as EarlyStoppingState;
  return { tensors: withPrefix(tensors, 'extra.'), json: json.extra };
}

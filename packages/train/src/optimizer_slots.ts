// Per-parameter state tensors of an optimizer (moments, momentum buffers), kept as variables.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkInteger, checkNumber, describeValue } from '@rnnkit/core';
import type { OptimizerState } from './optimizer.js';

/** Named slot variables, e.g. `m.weight_ih_l0`, created on first use. */
export class OptimizerSlots {
  private readonly slots = new Map<string, tf.Variable>();

  has(key: string): boolean {
    return this.slots.has(key);
  }

  /** The slot `key`, created as zeros shaped like `like` on first use. */
  get(key: string, like: tf.Tensor): tf.Variable {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      const zeros = tf.zerosLike(like);
      slot = tf.variable(zeros, false);
      zeros.dispose();
      this.slots.set(key, slot);
    }
    return slot;
  }

  /** Sets slot `key` to a copy of `value`. */
  set(key: string, value: tf.Tensor): void {
    const slot = this.slots.get(key);
    if (slot === undefined) this.slots.set(key, tf.variable(value, false));
    else slot.assign(value);
  }

  entries(): Record<string, tf.Tensor> {
    return Object.fromEntries(this.slots);
  }

  /** Replaces every slot with `tensors`, already checked by the optimizer's `checkState`. */
  restore(tensors: Readonly<Record<string, tf.Tensor>>): void {
    // The new slots are made before the old ones go: `tensors` may be the old slots themselves
    // (an in-memory checkpoint of this very optimizer).
    const fresh = Object.entries(tensors).map(([key, value]) => [key, tf.variable(value, false)] as const);
    this.dispose();
    for (const [key, slot] of fresh) this.slots.set(key, slot);
  }

  dispose(): void {
    for (const slot of this.slots.values()) slot.dispose();
    this.slots.clear();
  }
}

/** What an optimizer's state may hold, for {@link checkOptimizerState}. */
export interface SlotRules {
  /** Slot prefixes (`m`, `v`); a slot is `<prefix>.<variable name>`. */
  readonly prefixes: readonly string[];
  /** Prefixes whose values must be >= 0 (Adam's second moments). */
  readonly nonNegative: readonly string[];
  /** Every variable has every prefix's slot once a step has been taken (else slots are optional, but paired). */
  readonly complete: boolean;
  /** The optimizer's settings; a state that records different ones is refused. */
  readonly settings: Readonly<Record<string, number>>;
}

/**
 * Checks an optimizer state against `variables` and `rules` before anything changes: the values
 * (iterations, learning rate, settings) and every slot (name, shape, dtype, finiteness, sign).
 */
export function checkOptimizerState(fn: string, kind: string, state: OptimizerState, variables: Readonly<Record<string, tf.Variable>>, rules: SlotRules): void {
  const where = 'checkpoint.optimizer';
  if (typeof state !== 'object' || state === null) throw new InputError(fn, where, `the ${kind} state must be an object {tensors, values}, got ${describeValue(state)}`);
  const { tensors, values } = state;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new InputError(fn, `${where}.values`, `the ${kind} state's values must be an object of numbers, got ${describeValue(values)}`);
  }
  const knownValues = ['iterations', 'learningRate', ...Object.keys(rules.settings)];
  for (const key of Object.keys(values)) {
    if (!knownValues.includes(key)) throw new InputError(fn, `${where}.values.${key}`, `the ${kind} state has an unknown value ${JSON.stringify(key)}; known: ${knownValues.join(', ')}`);
  }
  const iterations = checkInteger(fn, `${where}.values.iterations`, values['iterations'], 0);
  checkNumber(fn, `${where}.values.learningRate`, values['learningRate'], 0, Number.MAX_VALUE);
  for (const [key, expected] of Object.entries(rules.settings)) {
    const saved = values[key];
    if (saved !== undefined && saved !== expected) {
      throw new InputError(fn, `${where}.values.${key}`, `the checkpoint's ${kind} has ${key} ${describeValue(saved)}, this optimizer ${expected}`);
    }
  }
  if (typeof tensors !== 'object' || tensors === null || Array.isArray(tensors)) {
    throw new InputError(fn, `${where}.tensors`, `the ${kind} state's tensors must be an object of named tensors, got ${describeValue(tensors)}`);
  }
  const present = new Set<string>();
  for (const [key, value] of Object.entries(tensors)) {
    const label = `optimizer.${key}`;
    const dot = key.indexOf('.');
    const prefix = key.slice(0, dot);
    const name = key.slice(dot + 1);
    const variable = dot > 0 && Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (!rules.prefixes.includes(prefix) || variable === undefined) {
      throw new InputError(fn, label, `${label} is not a slot of this ${kind} optimizer (expected ${rules.prefixes.map((p) => `${p}.<parameter>`).join(' or ')} for the trainer's parameters)`);
    }
    if (!(value instanceof tf.Tensor) || value.isDisposed || value.dtype !== 'float32' || !tf.util.arraysEqual(value.shape, variable.shape)) {
      throw new InputError(fn, label, `${label} must be a live float32 tensor of shape [${variable.shape.join(', ')}], got ${describeValue(value)}`);
    }
    const data = value.dataSync();
    const nonNegative = rules.nonNegative.includes(prefix);
    for (let i = 0; i < data.length; i++) {
      const v = data[i] ?? NaN;
      if (!Number.isFinite(v) || (nonNegative && v < 0)) {
        throw new InputError(fn, label, `${label}[${i}] is ${v}; it must be finite${nonNegative ? ' and >= 0' : ''}`);
      }
    }
    present.add(key);
  }
  for (const name of Object.keys(variables)) {
    const has = rules.prefixes.map((p) => present.has(`${p}.${name}`));
    const needed = iterations > 0 && rules.complete;
    if ((needed && has.includes(false)) || (has.includes(true) && has.includes(false))) {
      const missing = rules.prefixes.filter((_, i) => has[i] !== true).map((p) => `optimizer.${p}.${name}`);
      throw new InputError(fn, missing[0] ?? `optimizer.${name}`, `the checkpoint lacks ${missing.join(', ')} (a ${kind} state after ${iterations} steps has ${rules.prefixes.map((p) => `${p}.${name}`).join(' and ')})`);
    }
  }
  if (iterations === 0 && present.size > 0) {
    throw new InputError(fn, `${where}.values.iterations`, `the ${kind} state has slots but 0 iterations`);
  }
}

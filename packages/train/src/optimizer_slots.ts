// Per-parameter state tensors of an optimizer (moments, momentum buffers), kept as variables.
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';

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
      slot = tf.variable(tf.zerosLike(like), false);
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

  /** Replaces every slot with `tensors` (checked by `fn`): all or nothing. */
  restore(fn: string, tensors: Readonly<Record<string, tf.Tensor>>): void {
    for (const [key, value] of Object.entries(tensors)) {
      if (!(value instanceof tf.Tensor) || value.dtype !== 'float32') {
        throw new InputError(fn, `state.tensors.${key}`, `state.tensors.${key} must be a float32 tensor`);
      }
    }
    this.dispose();
    for (const [key, value] of Object.entries(tensors)) this.slots.set(key, tf.variable(value, false));
  }

  dispose(): void {
    for (const slot of this.slots.values()) slot.dispose();
    this.slots.clear();
  }
}

// The recurrent state a stateful layer carries from one chunk to the next, with an explicit reset.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';

/**
 * Holds the state (`h`, `c`, ...) a recurrent layer ends a chunk with, to start the next chunk
 * from: truncated backpropagation through time. Each chunk's gradient is taken on its own tape,
 * so the carried tensors are plain inputs there and the gradient stops at the chunk boundary.
 *
 * A new state is `stage`d while the chunk's gradient is still being taken (the backward pass may
 * read the old state) and `commit`ted after, which frees the old one.
 *
 * @example
 * const { output, state } = model.forward(x, { initialState: carried.state });
 * carried.stage(state);   // inside the loss function
 * carried.commit();       // after the optimizer step
 * carried.reset();        // at a new stream: the next chunk starts from zeros
 */
export class CarriedState {
  private current: Record<string, tf.Tensor3D> | undefined;
  private pending: Record<string, tf.Tensor3D> | undefined;

  /** The state to start the next chunk from; `undefined` means zeros. */
  get state(): Record<string, tf.Tensor3D> | undefined {
    return this.current;
  }

  /** Keeps `next` (it survives the tidy it was made in) until `commit`. */
  stage(next: Readonly<Record<string, tf.Tensor>>): void {
    if (typeof next !== 'object' || next === null) {
      throw new InputError('CarriedState.stage', 'next', `next must be an object of named state tensors, got ${describeValue(next)}`);
    }
    this.release('pending');
    const kept: Record<string, tf.Tensor3D> = {};
    for (const [name, value] of Object.entries(next)) {
      if (!(value instanceof tf.Tensor) || value.isDisposed || value.rank !== 3) {
        throw new InputError('CarriedState.stage', `next.${name}`, `next.${name} must be a 3-D state tensor (slots, N, size), got ${describeValue(value)}`);
      }
      kept[name] = tf.keep(value as tf.Tensor3D);
    }
    this.pending = kept;
  }

  /** Makes the staged state current and frees the one before. */
  commit(): void {
    if (this.pending === undefined) return;
    this.release('current');
    this.current = this.pending;
    this.pending = undefined;
  }

  /** Sets the current state directly (e.g. from a checkpoint); the tensors are copied. */
  set(state: Readonly<Record<string, tf.Tensor>> | undefined): void {
    if (state !== undefined) {
      if (typeof state !== 'object' || state === null) {
        throw new InputError('CarriedState.set', 'state', `state must be an object of named state tensors or undefined, got ${describeValue(state)}`);
      }
      for (const [name, value] of Object.entries(state)) {
        if (!(value instanceof tf.Tensor) || value.isDisposed || value.rank !== 3) {
          throw new InputError('CarriedState.set', `state.${name}`, `state.${name} must be a live 3-D state tensor (slots, N, size), got ${describeValue(value)}`);
        }
      }
    }
    this.release('pending');
    this.release('current');
    if (state !== undefined) this.current = Object.fromEntries(Object.entries(state).map(([k, v]) => [k, tf.clone(v) as tf.Tensor3D]));
  }

  /** Forgets the state: the next chunk starts from zeros. */
  reset(): void {
    this.release('current');
    this.release('pending');
  }

  dispose(): void {
    this.reset();
  }

  private release(which: 'current' | 'pending'): void {
    const held = this[which];
    if (held !== undefined) tf.dispose(Object.values(held));
    this[which] = undefined;
  }
}

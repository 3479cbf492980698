// Pieces shared by the portable RNN, LSTM and GRU sequence operations and their gradients.
import * as tf from '@tensorflow/tfjs-core';
import { checkBoolean, checkInteger } from '@rnnkit/core';
import { checkShaped, sizeOf } from './check_op_args.js';

/**
 * The (N, F) slice of every step of a (T, N, F) tensor, by halving recursively. The wasm
 * backend's Slice (and Unpack) copies its whole input on every call, so T slices of one big
 * tensor cost T full copies; halving costs about 2 log2(T) copies and is no slower on cpu.
 */
export function stepSlices(t: tf.Tensor): tf.Tensor2D[] {
  checkShaped('stepSlices', 't', t, [null, null, null], '(T, N, F)');
  const [count = 0, batch = 0, features = 0] = t.shape;
  const out: tf.Tensor2D[] = [];
  const split = (part: tf.Tensor, size: number): void => {
    if (size === 1) {
      out.push(tf.reshape(part, [batch, features]));
      return;
    }
    const half = Math.floor(size / 2);
    split(tf.slice(part, [0, 0, 0], [half, batch, features]), half);
    split(tf.slice(part, [half, 0, 0], [size - half, batch, features]), size - half);
  };
  if (count > 0) split(t, count);
  return out;
}

/** Step indices in the order the recurrence visits them. */
export function processingOrder(steps: number, reverse: boolean): number[] {
  checkInteger('processingOrder', 'steps', steps, 0);
  checkBoolean('processingOrder', 'reverse', reverse);
  return Array.from({ length: steps }, (_, k) => (reverse ? steps - 1 - k : k));
}

/** `x @ w` for every step at once: (T, N, I) x (I, G) -> (T, N, G), plus an optional bias. */
export function projectAllSteps(x: tf.Tensor, w: tf.Tensor, bias?: tf.Tensor): tf.Tensor3D {
  const FN = 'projectAllSteps';
  checkShaped(FN, 'x', x, [null, null, null], '(T, N, I)');
  checkShaped(FN, 'w', w, [sizeOf(x, 2), null], '(I, G)');
  if (bias !== undefined) checkShaped(FN, 'bias', bias, [sizeOf(w, 1)], '(G)');
  const [steps = 0, batch = 0, features = 0] = x.shape;
  const flat = tf.matMul(tf.reshape(x, [steps * batch, features]), w as tf.Tensor2D);
  const withBias = bias === undefined ? flat : tf.add(flat, bias);
  return tf.reshape(withBias, [steps, batch, w.shape[1] ?? 0]);
}

/** The per-step (N, 1) mask and its complement, or null when nothing is masked. */
export function stepMasks(mask: tf.Tensor, masked: boolean): { keep: tf.Tensor[]; hold: tf.Tensor[] } | null {
  if (!masked) return null;
  const keep = stepSlices(mask);
  return { keep, hold: keep.map((m) => tf.sub(1, m)) };
}

/**
 * `keep * next + hold * prev`: takes the new state where the step is valid and keeps the old one
 * past a sample's length. With masks of exactly 0 and 1 this selects without rounding.
 */
export function blend(next: tf.Tensor, prev: tf.Tensor, keep: tf.Tensor, hold: tf.Tensor): tf.Tensor {
  return tf.add(tf.mul(keep, next), tf.mul(hold, prev));
}

/**
 * The state each step started from, in step order: `h0` for the first visited step, else the
 * state after the previously visited one. `states` is (T, N, F) in step order.
 */
export function previousStates(h0: tf.Tensor, states: tf.Tensor, reverse: boolean): tf.Tensor {
  const FN = 'previousStates';
  checkShaped(FN, 'states', states, [null, null, null], '(T, N, F)');
  checkShaped(FN, 'h0', h0, [sizeOf(states, 1), sizeOf(states, 2)], '(N, F)');
  checkBoolean(FN, 'reverse', reverse);
  const [steps = 0, batch = 0, features = 0] = states.shape;
  const first = tf.reshape(h0, [1, batch, features]);
  if (steps === 1) return first;
  return reverse
    ? tf.concat([tf.slice(states, [1, 0, 0], [steps - 1, batch, features]), first], 0)
    : tf.concat([first, tf.slice(states, [0, 0, 0], [steps - 1, batch, features])], 0);
}

/** Weight gradient of a per-step product `a_t @ W` summed over all steps: `A^T dZ` in one matmul. */
export function stepWeightGrad(a: tf.Tensor, dz: tf.Tensor): tf.Tensor2D {
  checkShaped('stepWeightGrad', 'a', a, [null, null, null], '(T, N, I)');
  checkShaped('stepWeightGrad', 'dz', dz, [sizeOf(a, 0), sizeOf(a, 1), null], '(T, N, G)');
  const [steps = 0, batch = 0, inFeatures = 0] = a.shape;
  const outFeatures = dz.shape[2] ?? 0;
  // An explicit transpose, not matMul's transposeA flag: the wasm backend runs transposed
  // operands about 30x slower than a transpose followed by a plain product.
  return tf.matMul(
    tf.transpose(tf.reshape(a, [steps * batch, inFeatures])) as tf.Tensor2D,
    tf.reshape(dz, [steps * batch, outFeatures]) as tf.Tensor2D,
  );
}

/** Gradient with respect to the input of `projectAllSteps`: (T, N, G) x (I, G)^T -> (T, N, I). */
export function inputGrad(dz: tf.Tensor, w: tf.Tensor): tf.Tensor3D {
  checkShaped('inputGrad', 'dz', dz, [null, null, null], '(T, N, G)');
  checkShaped('inputGrad', 'w', w, [null, sizeOf(dz, 2)], '(I, G)');
  const [steps = 0, batch = 0, gates = 0] = dz.shape;
  const flat = tf.matMul(tf.reshape(dz, [steps * batch, gates]) as tf.Tensor2D, tf.transpose(w) as tf.Tensor2D);
  return tf.reshape(flat, [steps, batch, w.shape[0] ?? 0]);
}

/** Sums a (T, N, G) gradient over steps and batch, the gradient of a bias added at every step. */
export function biasGrad(dz: tf.Tensor): tf.Tensor1D {
  checkShaped('biasGrad', 'dz', dz, [null, null, null], '(T, N, G)');
  return tf.sum(dz, [0, 1]) as tf.Tensor1D;
}


/**
 * The state each step started from, (T, N, F) in step order, rebuilt from the new states of all
 * steps (T, N, F): along the visiting order a valid step takes its new state, a masked one keeps
 * the previous. The backward passes rebuild it rather than keeping every step's state.
 */
export function carriedPrevious(h0: tf.Tensor, newStates: tf.Tensor, mask: tf.Tensor, masked: boolean, reverse: boolean): tf.Tensor {
  const FN = 'carriedPrevious';
  checkShaped(FN, 'newStates', newStates, [null, null, null], '(T, N, F)');
  checkShaped(FN, 'h0', h0, [sizeOf(newStates, 1), sizeOf(newStates, 2)], '(N, F)');
  checkShaped(FN, 'mask', mask, [sizeOf(newStates, 0), sizeOf(newStates, 1), 1], '(T, N, 1)');
  checkBoolean(FN, 'masked', masked);
  checkBoolean(FN, 'reverse', reverse);
  if (!masked) return previousStates(h0, newStates, reverse);
  const candidates = stepSlices(newStates);
  const keep = stepSlices(mask);
  const steps = candidates.length;
  const previous = new Array<tf.Tensor>(steps);
  let h = h0;
  for (const t of processingOrder(steps, reverse)) {
    previous[t] = h;
    const m = keep[t] as tf.Tensor;
    h = blend(candidates[t] as tf.Tensor, h, m, tf.sub(1, m));
  }
  return tf.stack(previous);
}

// Checks and masking shared by the attention functions: key padding and causal masks, and a
// softmax that gives zeros (not NaN) to a query with no visible key.
import * as tf from '@tensorflow/tfjs-core';
import type { LengthsInput, Params } from '@rnnkit/core';
import { InputError, checkBoolean, checkLengths, checkTensor, describeValue } from '@rnnkit/core';

/** The checked inputs of one attention call. */
export interface AttentionInputs {
  readonly query: tf.Tensor3D;
  readonly keys: tf.Tensor3D;
  readonly values: tf.Tensor3D;
  /** Visible (query, key) pairs, (N, Tq, Tk) row-major; `null` when every key is visible. */
  readonly visible: Uint8Array | null;
}

/**
 * Checks `query` (N, Tq, Dq), `keys` (N, Tk, Dk), `values` (N, Tk, Dv), the lengths (one per
 * sample, each in [0, Tk]) and `causal`, and returns the visibility pattern they define.
 */
export function checkAttentionInputs(
  fn: string,
  names: { query: string; keys: string; values: string },
  query: unknown,
  keys: unknown,
  values: unknown,
  lengths: LengthsInput | undefined,
  causal: unknown,
): AttentionInputs {
  const q = checkTensor(fn, names.query, query, { rank: 3, axes: '(N, Tq, Dq)' }) as tf.Tensor3D;
  const [batch, queries, queryFeatures] = q.shape;
  // No features means every score is the same: weights that look uniform but say nothing.
  if (batch < 1 || queries < 1 || queryFeatures < 1) {
    throw new InputError(fn, names.query, `${names.query} must have at least one sample, one step and one feature (N, Tq, Dq), got shape [${q.shape.join(', ')}]`);
  }
  const k = checkTensor(fn, names.keys, keys, { shape: [batch, null, null], axes: '(N, Tk, Dk) with the N of the query' }) as tf.Tensor3D;
  const steps = k.shape[1];
  if (steps < 1 || k.shape[2] < 1) {
    throw new InputError(fn, names.keys, `${names.keys} must have at least one step and one feature (N, Tk, Dk), got shape [${k.shape.join(', ')}]`);
  }
  const v = checkTensor(fn, names.values, values, { shape: [batch, steps, null], axes: '(N, Tk, Dv) with the N and Tk of the keys' }) as tf.Tensor3D;
  const isCausal = checkBoolean(fn, 'causal', causal);
  const lens = lengths === undefined ? undefined : checkLengths(fn, lengths, batch, steps);
  return { query: q, keys: k, values: v, visible: visibility(batch, queries, steps, lens, isCausal) };
}

/**
 * Which keys each query sees: key t of sample n is hidden where `t >= lengths[n]`; with `causal`,
 * query i sees keys `t <= i + (Tk - Tq)` (queries aligned with the last keys). `null` when all
 * are visible, so the plain softmax can run.
 */
export function visibility(batch: number, queries: number, steps: number, lengths: Int32Array | undefined, causal: boolean): Uint8Array | null {
  if (!causal && (lengths === undefined || lengths.every((len) => len === steps))) return null;
  const out = new Uint8Array(batch * queries * steps);
  for (let n = 0; n < batch; n++) {
    const len = lengths === undefined ? steps : (lengths[n] ?? steps);
    for (let i = 0; i < queries; i++) {
      const last = causal ? Math.min(len - 1, i + steps - queries) : len - 1;
      for (let t = 0; t <= last; t++) out[(n * queries + i) * steps + t] = 1;
    }
  }
  return out;
}

/** The visibility pattern as a bool tensor of `shape` (the pattern repeated over a heads axis). */
export function visibilityTensor(visible: Uint8Array, shape: readonly number[], heads = 1): tf.Tensor {
  if (heads === 1) return tf.tensor(visible, [...shape], 'bool');
  const [batch = 0] = shape;
  const per = visible.length / batch;
  const out = new Uint8Array(visible.length * heads);
  for (let n = 0; n < batch; n++) {
    const row = visible.subarray(n * per, (n + 1) * per);
    for (let h = 0; h < heads; h++) out.set(row, (n * heads + h) * per);
  }
  return tf.tensor(out, [...shape], 'bool');
}

// Below every real score; a finite stand-in for -Infinity so no Infinity - Infinity can appear.
const HIDDEN_SCORE = -3e38;

/**
 * Softmax over the last axis restricted to visible entries. A row with no visible entry gets all
 * zeros, and zero gradients, where `softmax` over only -Infinity would give NaN.
 */
export function maskedSoftmax(scores: tf.Tensor, visible: tf.Tensor | null): tf.Tensor {
  if (visible === null) return tf.softmax(scores);
  const zeros = tf.zerosLike(scores);
  const rowMax = tf.max(tf.where(visible, scores, tf.fill(scores.shape, HIDDEN_SCORE)), -1, true);
  // Shift only visible entries: a hidden score may be far above the visible maximum and overflow exp.
  const shifted = tf.where(visible, tf.sub(scores, rowMax), zeros);
  const e = tf.where(visible, tf.exp(shifted), zeros);
  const total = tf.sum(e, -1, true);
  // The condition comes from the constant mask, not from `total`: comparisons have no gradient.
  const safeTotal = tf.where(tf.any(visible, -1, true), total, tf.onesLike(total));
  return tf.div(e, safeTotal);
}

/** `weights @ values` with weights (N, Tq, Tk) and values (N, Tk, Dv). */
export function weightedSum(weights: tf.Tensor3D, values: tf.Tensor3D): tf.Tensor3D {
  return tf.matMul(weights, values);
}

/** A named parameter with its exact shape, or an error naming it. */
export function attentionParam(fn: string, params: unknown, name: string, shape: ReadonlyArray<number | null>, axes: string): tf.Tensor {
  if (typeof params !== 'object' || params === null) {
    throw new InputError(fn, 'params', `params must be an object of named tensors, got ${describeValue(params)}`);
  }
  const value = (params as Params)[name];
  if (value === undefined) {
    throw new InputError(fn, `params.${name}`, `params.${name} is missing; expected a tensor of shape [${shape.map((d) => d ?? '*').join(', ')}] ${axes}`);
  }
  return checkTensor(fn, `params.${name}`, value, { shape: [...shape], axes });
}

/**
 * Throws unless every name in `params` is one of `known`: a parameter the configuration does not
 * use (a bias with `bias: false`, `W` for the dot score) would otherwise be silently ignored.
 */
export function checkParamNames(fn: string, params: unknown, known: readonly string[], configuration: string): void {
  if (typeof params !== 'object' || params === null) {
    throw new InputError(fn, 'params', `params must be an object of named tensors, got ${describeValue(params)}`);
  }
  for (const name of Object.keys(params)) {
    if (!known.includes(name)) {
      const expected = known.length === 0 ? 'none' : known.join(', ');
      throw new InputError(fn, `params.${name}`, `params.${name} is not a parameter of ${configuration}; expected ${expected}`);
    }
  }
}

/** A positive size read from a parameter's shape, or an error naming the parameter. */
export function checkParamSize(fn: string, name: string, t: tf.Tensor, axis: number, what: string): number {
  const size = t.shape[axis] ?? 0;
  if (size < 1) throw new InputError(fn, `params.${name}`, `params.${name} must have a ${what} of at least 1, got shape [${t.shape.join(', ')}]`);
  return size;
}

/** `x @ w^T` on the last axis of a 3-D tensor: PyTorch's F.linear without bias. */
export function project(x: tf.Tensor3D, w: tf.Tensor): tf.Tensor3D {
  const [batch, steps, features] = x.shape;
  const flat = tf.reshape(x, [batch * steps, features]);
  const out = tf.matMul(flat, w as tf.Tensor2D, false, true);
  return tf.reshape(out, [batch, steps, w.shape[0] ?? 0]);
}

// The attention scores split at the keys: what depends only on the keys is computed once, so a
// decoder that queries the same keys at every step pays for it once.
import * as tf from '@tensorflow/tfjs-core';
import { shape3 } from '@rnnkit/core';
import { project } from './attention_internal.js';

/** Scores (N, Tq, Tk) of queries (N, Tq, Dq) against keys prepared once. */
export type KeyScorer = (query: tf.Tensor3D) => tf.Tensor3D;

/**
 * Bahdanau's `score[n,i,t] = v · tanh(W_q q[n,i] + b + W_k k[n,t])`, with `W_k k` computed once.
 * `wq` (A, Dq), `wk` (A, Dk), `b` and `v` (A).
 */
export function bahdanauScorer(wq: tf.Tensor, wk: tf.Tensor, b: tf.Tensor, v: tf.Tensor, keys: tf.Tensor3D): KeyScorer {
  const [size] = wq.shape;
  const steps = shape3(keys)[1];
  const projectedKeys = tf.expandDims(project(keys, wk), 1); // (N, 1, Tk, A)
  const column = tf.reshape(v, [size ?? 1, 1]);
  return (query) => {
    const [batch, queries] = shape3(query);
    const q = tf.expandDims(tf.add(project(query, wq), b), 2); // (N, Tq, 1, A)
    const hidden = tf.tanh(tf.add(q, projectedKeys)); // (N, Tq, Tk, A)
    const flat = tf.reshape(hidden, [batch * queries * steps, size ?? 1]);
    return tf.reshape(tf.matMul(flat, column), [batch, queries, steps]);
  };
}

/**
 * Multiplicative scores `q · (scale W k)`: Luong's dot (no `w`, scale 1), Luong's general
 * (`w` (Dq, Dk)) and scaled dot-product (scale 1/sqrt(D)); the keys side is formed once.
 */
export function dotScorer(keys: tf.Tensor3D, scale: number, w?: tf.Tensor): KeyScorer {
  const projected = w === undefined ? keys : project(keys, w);
  const scaled = scale === 1 ? projected : tf.mul(projected, scale);
  return (query) => tf.matMul(query, scaled, false, true);
}

// What every attention function returns.
import type * as tf from '@tensorflow/tfjs-core';

/** Context (N, Tq, Dv) and attention weights (N, Tq, Tk); a weights row sums to 1, or is all 0 when no key is visible. (A type, not an interface, so tf.tidy can return it.) */
export type AttentionResult = {
  context: tf.Tensor3D;
  weights: tf.Tensor3D;
};

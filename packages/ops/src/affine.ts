// `x @ w + b` whose gradient uses explicit transposes, which the wasm backend runs far faster
// than matMul's transpose flags that tfjs's own MatMul gradient uses.
import * as tf from '@tensorflow/tfjs-core';
import { checkShaped, sizeOf } from './check_op_args.js';

const withBias = tf.customGrad((x, w, b, save) => {
  const xs = x as tf.Tensor2D;
  const ws = w as tf.Tensor2D;
  (save as tf.GradSaveFunc)([xs, ws]);
  return {
    value: tf.add(tf.matMul(xs, ws), b as tf.Tensor),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      const d = dy as tf.Tensor2D;
      return [tf.matMul(d, tf.transpose(sw)), tf.matMul(tf.transpose(sx), d), tf.sum(d, 0)];
    },
  };
});

const withoutBias = tf.customGrad((x, w, save) => {
  const xs = x as tf.Tensor2D;
  const ws = w as tf.Tensor2D;
  (save as tf.GradSaveFunc)([xs, ws]);
  return {
    value: tf.matMul(xs, ws),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      const d = dy as tf.Tensor2D;
      return [tf.matMul(d, tf.transpose(sw)), tf.matMul(tf.transpose(sx), d)];
    },
  };
});

/**
 * `x @ w (+ b)` for `x` (M, K), `w` (K, N) and `b` (N), with the same value and gradient as the
 * plain tfjs ops. Shapes and dtypes are checked: a mismatched bias is refused, not broadcast.
 */
export function affine(x: tf.Tensor2D, w: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor2D {
  checkShaped('affine', 'x', x, [null, null], '(M, K)');
  checkShaped('affine', 'w', w, [sizeOf(x, 1), null], '(K, N)');
  if (b !== undefined) checkShaped('affine', 'b', b, [sizeOf(w, 1)], '(N)');
  return (b === undefined ? withoutBias(x, w) : withBias(x, w, b)) as tf.Tensor2D;
}

// Cross-entropy over logits with classes on the last axis, with PyTorch's F.cross_entropy rules.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkInteger, checkKnownOptions, checkNumber, checkOneOf, checkTensor, describeValue } from '@rnnkit/core';
import type { Reduction } from './reduction.js';
import { REDUCTIONS } from './reduction.js';

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions {
  /** A weight per class, (C) float32 tensor or C numbers. @default every class weighs 1 */
  weight?: tf.Tensor1D | readonly number[];
  /** Target positions holding this index give 0 and leave the mean's denominator. @default -100 */
  ignoreIndex?: number;
  /** Mixes the target with the uniform distribution: `(1 - eps) * target + eps / C`. @default 0 */
  labelSmoothing?: number;
  /** `none`: one loss per position (logits' shape without the class axis); `sum`; `mean`. @default 'mean' */
  reduction?: Reduction;
}

const FN = 'crossEntropy';
const OPTIONS = ['weight', 'ignoreIndex', 'labelSmoothing', 'reduction'];

function classWeights(weight: CrossEntropyOptions['weight'], classes: number): tf.Tensor1D | null {
  if (weight === undefined) return null;
  if (weight instanceof tf.Tensor) {
    return checkTensor(FN, 'weight', weight, { shape: [classes], axes: '(C)' }) as tf.Tensor1D;
  }
  if (!Array.isArray(weight) || weight.length !== classes || !weight.every((w) => typeof w === 'number' && Number.isFinite(w))) {
    throw new InputError(FN, 'weight', `weight must be a (C=${classes}) float32 tensor or ${classes} finite numbers, got ${describeValue(weight)}`);
  }
  return tf.tensor1d(weight as number[], 'float32');
}

/**
 * Cross-entropy between `softmax(logits)` and `target`, as PyTorch's `F.cross_entropy` computes
 * it, with the class axis last instead of at position 1 (so a (T, N, C) sequence needs no
 * transpose).
 *
 * - Integer targets (int32, `logits.shape` without the last axis): with weights `w` and label
 *   smoothing `eps`, `loss = (1-eps) * w_y * (-log p_y) + (eps/C) * sum_c w_c * (-log p_c)`;
 *   positions where `target == ignoreIndex` give 0. `mean` divides the sum by the summed `w_y` of
 *   the positions not ignored (NaN when every position is ignored, as in PyTorch).
 * - Probability targets (float32, the shape of `logits`): `loss = -sum_c w_c * q_c * log p_c`
 *   with `q = (1-eps) * target + eps/C`; `mean` divides by the number of positions.
 *
 * Differentiable with respect to `logits`.
 *
 * @example
 * const loss = crossEntropy(tf.randomNormal([4, 3]), tf.tensor1d([0, 2, 1, -100], 'int32'));
 */
export function crossEntropy(logits: tf.Tensor, target: tf.Tensor, options: CrossEntropyOptions = {}): tf.Tensor {
  checkKnownOptions(FN, 'options', options, OPTIONS);
  const x = checkTensor(FN, 'logits', logits);
  if (x.rank < 1) throw new InputError(FN, 'logits', `logits must have a class axis last (..., C), got a scalar`);
  const classes = x.shape[x.rank - 1] ?? 0;
  if (classes < 1) throw new InputError(FN, 'logits', `logits must have at least one class on its last axis, got shape [${x.shape.join(', ')}]`);
  const ignoreIndex = checkInteger(FN, 'ignoreIndex', options.ignoreIndex ?? -100, Number.MIN_SAFE_INTEGER);
  const eps = checkNumber(FN, 'labelSmoothing', options.labelSmoothing ?? 0, 0, 1);
  const reduction = checkOneOf(FN, 'reduction', options.reduction ?? 'mean', REDUCTIONS);
  if (!(target instanceof tf.Tensor)) {
    throw new InputError(FN, 'target', `target must be an int32 tensor of class indices or a float32 tensor of probabilities, got ${describeValue(target)}`);
  }
  const leading = x.shape.slice(0, -1);
  if (leading.includes(0)) {
    // PyTorch returns NaN for the mean of nothing; a loss of no positions is always a caller's slip.
    throw new InputError(FN, 'logits', `logits must hold at least one position (..., C), got shape [${x.shape.join(', ')}]`);
  }
  if (target.isDisposed) throw new InputError(FN, 'target', 'target was already disposed');
  if (target.dtype !== 'int32' && target.dtype !== 'float32') {
    throw new InputError(FN, 'target', `target must be an int32 tensor of class indices or a float32 tensor of probabilities, got a ${target.dtype} tensor`);
  }
  if (target.dtype === 'int32') {
    checkTensor(FN, 'target', target, { shape: leading, dtype: 'int32', axes: '(logits shape without C)' });
    const values = target.dataSync();
    for (let i = 0; i < values.length; i++) {
      const y = values[i] as number;
      if (y !== ignoreIndex && (y < 0 || y >= classes)) {
        throw new InputError(FN, 'target', `target[${i}] (flat index) must be a class in [0, ${classes - 1}] or ignoreIndex ${ignoreIndex}, got ${y}`);
      }
    }
  } else {
    checkTensor(FN, 'target', target, { shape: x.shape, dtype: 'float32', axes: '(same shape as logits)' });
  }
  return tf.tidy(() => {
    const weight = classWeights(options.weight, classes);
    const logp = tf.logSoftmax(x);
    const flatLogp = tf.reshape(logp, [-1, classes]);
    const positions = flatLogp.shape[0];
    let perPosition: tf.Tensor;
    let denominator: tf.Tensor;
    if (target.dtype === 'int32') {
      const flatTarget = tf.reshape(target, [positions]);
      const valid = tf.cast(tf.notEqual(flatTarget, ignoreIndex), 'float32');
      const safeTarget = tf.where(tf.notEqual(flatTarget, ignoreIndex), flatTarget, tf.zerosLike(flatTarget));
      // A select rather than a one-hot product (0 * -Infinity would turn a -Infinity logit of
      // another class into NaN) and rather than a batched gather, whose tfjs gradient loops over
      // the batch and needs a kernel the wasm backend lacks.
      const chosen = tf.cast(tf.oneHot(safeTarget, classes), 'bool');
      const picked = tf.sum(tf.where(chosen, flatLogp, tf.zerosLike(flatLogp)), 1);
      const targetWeight = weight === null ? valid : tf.mul(tf.gather(weight, safeTarget), valid);
      let loss = tf.mul(tf.neg(picked), targetWeight);
      if (eps > 0) {
        const weighted = weight === null ? flatLogp : tf.mul(flatLogp, weight);
        const smooth = tf.mul(tf.neg(tf.sum(weighted, 1)), valid);
        loss = tf.add(tf.mul(loss, 1 - eps), tf.mul(smooth, eps / classes));
      }
      perPosition = loss;
      denominator = tf.sum(targetWeight);
    } else {
      const flatTarget = tf.reshape(target, [positions, classes]);
      const q = eps > 0 ? tf.add(tf.mul(flatTarget, 1 - eps), eps / classes) : flatTarget;
      const weighted = weight === null ? q : tf.mul(q, weight);
      perPosition = tf.neg(tf.sum(tf.mul(weighted, flatLogp), 1));
      denominator = tf.scalar(positions);
    }
    if (reduction === 'none') return tf.reshape(perPosition, leading);
    const total = tf.sum(perPosition);
    return reduction === 'sum' ? total : tf.div(total, denominator);
  });
}

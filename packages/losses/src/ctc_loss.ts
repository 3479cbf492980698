// Connectionist temporal classification loss (Graves et al. 2006) with PyTorch's F.ctc_loss rules.
import * as tf from '@tensorflow/tfjs-core';
import type { LengthsInput } from '@rnnkit/core';
import { InputError, checkBoolean, checkInteger, checkKnownOptions, checkLengths, checkOneOf, checkTensor, describeValue } from '@rnnkit/core';
import { ctcLossWithGradient, runDifferentiableOp } from '@rnnkit/ops';
import type { Reduction } from './reduction.js';
import { REDUCTIONS } from './reduction.js';

/** Targets: an int32 tensor or plain arrays, padded (N, S) or concatenated (sum of lengths). */
export type CtcTargets = tf.Tensor | readonly number[] | readonly (readonly number[])[];

/** Options of {@link ctcLoss}. */
export interface CtcLossOptions {
  /** The class index of the blank; any index in [0, C). @default 0 */
  blank?: number;
  /** `none`: one loss per sample (N); `sum`; `mean`: each loss divided by its target length (at least 1), averaged over the batch. @default 'mean' */
  reduction?: Reduction;
  /** Replace infinite losses (no possible alignment) by 0. @default false */
  zeroInfinity?: boolean;
  /** The input is (N, T, C) instead of (T, N, C). @default false */
  batchFirst?: boolean;
  /** The input holds unnormalised logits; a log-softmax over C is applied first. @default false */
  fromLogits?: boolean;
}

const FN = 'ctcLoss';
const OPTIONS = ['blank', 'reduction', 'zeroInfinity', 'batchFirst', 'fromLogits'];

interface TargetValues {
  readonly values: ArrayLike<number>;
  readonly shape: number[];
}

function readTargets(targets: unknown): TargetValues {
  if (targets instanceof tf.Tensor) {
    if (targets.isDisposed) throw new InputError(FN, 'targets', 'targets was already disposed');
    if (targets.dtype !== 'int32' || (targets.rank !== 1 && targets.rank !== 2)) {
      throw new InputError(FN, 'targets', `targets must be an int32 tensor, padded (N, S) or concatenated (sum of targetLengths), got ${describeValue(targets)}`);
    }
    return { values: targets.dataSync(), shape: targets.shape };
  }
  if (Array.isArray(targets)) {
    if (targets.every((v) => typeof v === 'number')) return { values: targets as number[], shape: [targets.length] };
    if (targets.every((row) => Array.isArray(row))) {
      const rows = targets as number[][];
      const width = rows[0]?.length ?? 0;
      if (rows.some((row) => row.length !== width)) {
        throw new InputError(FN, 'targets', 'targets given as nested arrays must be rectangular (N, S): pad every row to the same length');
      }
      return { values: rows.flat(), shape: [rows.length, width] };
    }
  }
  throw new InputError(FN, 'targets', `targets must be an int32 tensor or an array of labels, padded (N, S) or concatenated, got ${describeValue(targets)}`);
}

/**
 * Checks every label and builds the padded (N, S) targets the kernel takes, with the blank past
 * each target length (the kernel may read those positions).
 */
function paddedTargets(targets: TargetValues, targetLengths: Int32Array, classes: number, blank: number): TargetValues {
  const batch = targetLengths.length;
  const padded = targets.shape.length === 2;
  const width = padded ? (targets.shape[1] ?? 0) : Math.max(0, ...targetLengths);
  const out = new Int32Array(batch * width).fill(blank);
  let offset = 0;
  for (let n = 0; n < batch; n++) {
    const len = targetLengths[n] as number;
    const start = padded ? n * width : offset;
    for (let i = 0; i < len; i++) {
      const label = targets.values[start + i];
      const where = padded ? `targets[${n}] has label ${String(label)} at position ${i}` : `targets[${start + i}] (sample ${n}, position ${i}) has label ${String(label)}`;
      if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= classes) {
        throw new InputError(FN, 'targets', `${where}, outside the C=${classes} classes [0, ${classes - 1}]`);
      }
      if (label === blank) throw new InputError(FN, 'targets', `${where} which is the blank index ${blank}`);
      out[n * width + i] = label;
    }
    offset += len;
  }
  return { values: out, shape: [batch, width] };
}

/**
 * The CTC loss of each sample: minus the log of the probability, summed over every alignment,
 * that the frames spell its target. Matches `torch.nn.functional.ctc_loss`.
 *
 * - `logProbs`: (T, N, C) float32 log-probabilities (or logits with `fromLogits`); (N, T, C)
 *   with `batchFirst`.
 * - `targets`: padded (N, S), or all targets concatenated (1-D, length `sum(targetLengths)`);
 *   labels in [0, C) other than the blank. Padding values are never read.
 * - `inputLengths`: frames per sample, in [0, T]. `targetLengths`: labels per sample (<= S when
 *   padded).
 *
 * A target that no alignment within its input can spell (too long, or too many repeats) gets
 * `Infinity` (0 with `zeroInfinity`) and a zero gradient; gradients are never NaN. The gradient
 * is the fused op's own, from the alpha-beta posteriors.
 *
 * @example
 * const logProbs = tf.logSoftmax(tf.randomNormal([50, 2, 20]));
 * const loss = ctcLoss(logProbs, tf.tensor2d([[1, 2, 2], [3, 4, 0]], [2, 3], 'int32'), [50, 40], [3, 2]);
 */
export function ctcLoss(
  logProbs: tf.Tensor3D,
  targets: CtcTargets,
  inputLengths: LengthsInput,
  targetLengths: LengthsInput,
  options: CtcLossOptions = {},
): tf.Tensor {
  checkKnownOptions(FN, 'options', options, OPTIONS);
  const batchFirst = checkBoolean(FN, 'batchFirst', options.batchFirst ?? false);
  const fromLogits = checkBoolean(FN, 'fromLogits', options.fromLogits ?? false);
  const zeroInfinity = checkBoolean(FN, 'zeroInfinity', options.zeroInfinity ?? false);
  const reduction = checkOneOf(FN, 'reduction', options.reduction ?? 'mean', REDUCTIONS);
  const axes = batchFirst ? '(N, T, C)' : '(T, N, C)';
  const x = checkTensor(FN, 'logProbs', logProbs, { rank: 3, axes }) as tf.Tensor3D;
  const [d0, d1, classes] = x.shape;
  const [steps, batch] = batchFirst ? [d1, d0] : [d0, d1];
  if (steps < 1 || batch < 1 || classes < 1) {
    throw new InputError(FN, 'logProbs', `logProbs must have at least one step, sample and class ${axes}, got shape [${x.shape.join(', ')}]`);
  }
  const blank = checkInteger(FN, 'blank', options.blank ?? 0, 0, classes - 1);
  const inLengths = checkLengths(FN, inputLengths, batch, steps, { argument: 'inputLengths', bound: `T=${steps}` });
  const given = readTargets(targets);
  const isPadded = given.shape.length === 2;
  if (isPadded && given.shape[0] !== batch) {
    throw new InputError(FN, 'targets', `padded targets must be (N=${batch}, S), got shape [${given.shape.join(', ')}]`);
  }
  const maxTarget = isPadded ? (given.shape[1] ?? 0) : Number.MAX_SAFE_INTEGER;
  const tgtLengths = checkLengths(FN, targetLengths, batch, maxTarget, {
    argument: 'targetLengths',
    bound: isPadded ? `targets holds S=${maxTarget} labels per sample` : 'non-negative',
  });
  if (!isPadded) {
    const total = tgtLengths.reduce((a, b) => a + b, 0);
    if (total !== given.values.length) {
      throw new InputError(FN, 'targets', `concatenated targets must hold sum(targetLengths)=${total} labels, got ${given.values.length}`);
    }
  }
  const padded = paddedTargets(given, tgtLengths, classes, blank);
  return tf.tidy(() => {
    const timeMajor = batchFirst ? tf.transpose(x, [1, 0, 2]) : x;
    const lp = fromLogits ? tf.logSoftmax(timeMajor) : timeMajor;
    const inputs = {
      logProbs: lp,
      targets: tf.tensor(Int32Array.from(padded.values), padded.shape, 'int32'),
      inputLengths: tf.tensor1d(inLengths, 'int32'),
      targetLengths: tf.tensor1d(tgtLengths, 'int32'),
    };
    const { loss: nll } = runDifferentiableOp(ctcLossWithGradient, inputs, { blank });
    const perSample = zeroInfinity ? tf.where(tf.isInf(nll), tf.zerosLike(nll), nll) : nll;
    if (reduction === 'none') return perSample;
    if (reduction === 'sum') return tf.sum(perSample);
    const divisors = tf.tensor1d(Float32Array.from(tgtLengths, (len) => Math.max(len, 1)));
    return tf.mean(tf.div(perSample, divisors));
  });
}

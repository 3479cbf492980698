// The CTC loss as a named fused operation whose gradient comes from the alpha-beta posteriors.
import * as tf from '@tensorflow/tfjs-core';
import type { DifferentiableOp } from './differentiable_op.js';
import type { FusedOp } from './fused_op.js';
import type { AttrValues, OpInputs, OpOutputs } from './fused_op_spec.js';

/**
 * Kernel name of the CTC forward. Inputs: `logProbs` (T, N, C) float32; `targets` (N, S) int32
 * holding the blank past each sample's target length; `inputLengths`, `targetLengths` (N) int32.
 * Attr `blank`. Output `loss`: the negative log-likelihood per sample (N), `Infinity` where no
 * alignment exists; workspace `logAlpha` (T, N, 2S+1) for the backward pass.
 */
export const CTC_LOSS = 'RnnkitCtcLoss';
/** Kernel name of its backward pass: the forward's inputs plus `logAlpha` and `dloss` (N). */
export const CTC_LOSS_GRAD = 'RnnkitCtcLossGrad';

/** Inputs of the CTC forward. */
export type CtcLossInput = 'logProbs' | 'targets' | 'inputLengths' | 'targetLengths';
/** Inputs of the CTC backward. */
export type CtcLossGradInput = CtcLossInput | 'logAlpha' | 'dloss';

const CTC_ATTRS = { blank: 'number' } as const;
/**
 * The forward's attributes. Log alpha is the loss's own recursion, so the forward writes it
 * whether or not a gradient records, and reads no `workspace`.
 */
const CTC_FORWARD_ATTRS = { ...CTC_ATTRS, workspace: 'boolean' } as const;

/** (N, 2S+1) extended labelling: blank, l1, blank, l2, ..., lS, blank. */
function extendedLabels(targets: tf.Tensor, blank: number): tf.Tensor2D {
  const [batch, labels] = targets.shape as [number, number];
  const blanks = tf.fill([batch, labels], blank, 'int32');
  const pairs = tf.reshape(tf.stack([blanks, targets], 2), [batch, 2 * labels]);
  return tf.concat([pairs, tf.fill([batch, 1], blank, 'int32')], 1) as tf.Tensor2D;
}

/** (T, N, L): the log-probability each extended position emits at each step, in one gather. */
function emissions(logProbs: tf.Tensor, ext: tf.Tensor2D): tf.Tensor3D {
  const [steps, batch, classes] = logProbs.shape as [number, number, number];
  const width = ext.shape[1];
  const rowStart = tf.reshape(tf.mul(tf.range(0, steps * batch, 1, 'int32'), tf.scalar(classes, 'int32')), [steps, batch, 1]);
  const index = tf.add(rowStart, tf.expandDims(ext, 0));
  const flat = tf.gather(tf.reshape(logProbs, [-1]), tf.reshape(index, [-1]));
  return tf.reshape(flat, [steps, batch, width]);
}

/**
 * (N, L): 0 where a path may jump from extended position s-2 to s (s holds a label that differs
 * from the label at s-2), -Infinity elsewhere.
 */
function skipPenalty(ext: tf.Tensor2D, blank: number): tf.Tensor2D {
  const [batch, width] = ext.shape;
  if (width < 3) return tf.fill([batch, width], -Infinity);
  const before = tf.pad(tf.slice(ext, [0, 0], [batch, width - 2]), [[0, 0], [2, 0]], blank);
  const allowed = tf.logicalAnd(tf.notEqual(ext, blank), tf.notEqual(ext, before));
  return tf.where(allowed, tf.zeros([batch, width]), tf.fill([batch, width], -Infinity));
}

/** Moves columns by `k` (right when positive, left when negative), filling with -Infinity. */
function shift(x: tf.Tensor2D, k: number): tf.Tensor2D {
  const [batch, width] = x.shape;
  const size = width - Math.abs(k);
  if (size <= 0) return tf.fill([batch, width], -Infinity);
  if (k > 0) return tf.pad(tf.slice(x, [0, 0], [batch, size]), [[0, 0], [k, 0]], -Infinity);
  return tf.pad(tf.slice(x, [0, -k], [batch, size]), [[0, 0], [0, -k]], -Infinity);
}

/** log(e^a + e^b + e^c), exact where every term is -Infinity (gives -Infinity, not NaN). */
function logSumExp3(a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Tensor {
  const m = tf.maximum(tf.maximum(a, b), c);
  const safe = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
  const sum = tf.add(tf.add(tf.exp(tf.sub(a, safe)), tf.exp(tf.sub(b, safe))), tf.exp(tf.sub(c, safe)));
  return tf.add(safe, tf.log(sum));
}

/** log-sum-exp over `axis` (kept), -Infinity for an all -Infinity slice. */
function logSumExpSafe(x: tf.Tensor, axis: number): tf.Tensor {
  const m = tf.max(x, axis, true);
  const safe = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
  return tf.add(safe, tf.log(tf.sum(tf.exp(tf.sub(x, safe)), axis, true)));
}

/**
 * Shifts each row so its largest entry is 0 and returns the shift: log alpha and log beta then
 * stay near 0 however long the input, so float32 keeps their precision (at T = 700 raw values
 * reach -2000, where float32 steps by 1e-4). The shifts cancel in the per-step normalised
 * posteriors; the forward adds them back into the loss.
 */
function rescale(x: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const m = tf.max(x, 1, true);
  const safe = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
  return [tf.sub(x, safe), safe];
}

/** (N, L) bool: the last label's position and the final blank, where a complete path ends. */
function endPositions(targetLengths: tf.Tensor, width: number): tf.Tensor2D {
  const s = tf.expandDims(tf.range(0, width, 1, 'int32'), 0);
  const end = tf.expandDims(tf.mul(targetLengths, tf.scalar(2, 'int32')), 1);
  const lastLabel = tf.logicalAnd(tf.equal(s, tf.sub(end, tf.scalar(1, 'int32'))), tf.greater(end, tf.scalar(0, 'int32')));
  return tf.logicalOr(tf.equal(s, end), lastLabel) as tf.Tensor2D;
}

/** T tensors (N, 1) bool: whether step t lies inside each sample's input. */
function activeSteps(steps: number, inputLengths: tf.Tensor): tf.Tensor[] {
  const t = tf.reshape(tf.range(0, steps, 1, 'int32'), [steps, 1, 1]);
  return tf.unstack(tf.less(t, tf.reshape(inputLengths, [1, -1, 1])));
}

/**
 * (N) bool: whether any alignment exists, from the lengths alone: a sample needs one frame per
 * label plus one blank between each pair of equal neighbours. Backends whose float arithmetic
 * does not carry -Infinity through max and log-sum-exp (WebGL) would otherwise report a finite
 * loss for an impossible sample.
 */
function alignable(targets: tf.Tensor, inputLengths: tf.Tensor, targetLengths: tf.Tensor): tf.Tensor {
  const [batch = 0, labels = 0] = targets.shape;
  if (labels < 2) return tf.greaterEqual(inputLengths, targetLengths);
  const same = tf.equal(tf.slice(targets, [0, 1], [batch, labels - 1]), tf.slice(targets, [0, 0], [batch, labels - 1]));
  const inside = tf.less(tf.expandDims(tf.range(1, labels, 1, 'int32'), 0), tf.expandDims(targetLengths, 1));
  const repeats = tf.sum(tf.cast(tf.logicalAnd(same, inside), 'int32'), 1);
  return tf.greaterEqual(inputLengths, tf.add(targetLengths, repeats));
}

interface Prepared {
  readonly ext: tf.Tensor2D;
  readonly emit: tf.Tensor[];
  readonly active: tf.Tensor[];
  readonly skip: tf.Tensor2D;
  readonly ends: tf.Tensor2D;
}

function prepare(inputs: OpInputs<CtcLossInput, tf.Tensor>, attrs: AttrValues<typeof CTC_ATTRS>): Prepared {
  const { logProbs } = inputs;
  const { blank } = attrs;
  const ext = extendedLabels(inputs.targets, blank);
  return {
    ext,
    emit: tf.unstack(emissions(logProbs, ext)),
    active: activeSteps(logProbs.shape[0] ?? 0, inputs.inputLengths),
    skip: skipPenalty(ext, blank),
    ends: endPositions(inputs.targetLengths, ext.shape[1]),
  };
}

/**
 * Portable forward: the alpha recursion in log space, one set of ops per step for the whole
 * batch and every extended position, rescaled every step (see `rescale`); the saved log alpha is
 * the rescaled one. A virtual step before t = 0 holds the whole mass on the
 * first blank, so step 0 follows the general rule and an empty input ends where it started.
 */
function ctcForward(inputs: OpInputs<CtcLossInput, tf.Tensor>, attrs: AttrValues<typeof CTC_FORWARD_ATTRS>): OpOutputs<'loss' | 'logAlpha', tf.Tensor> {
  const { ext, emit, active, skip, ends } = prepare(inputs, attrs);
  const [batch, width] = ext.shape;
  const first = tf.equal(tf.range(0, width, 1, 'int32'), tf.scalar(0, 'int32'));
  let alpha: tf.Tensor = tf.where(tf.tile(tf.expandDims(first, 0), [batch, 1]), tf.zeros([batch, width]), tf.fill([batch, width], -Infinity));
  let logScale: tf.Tensor = tf.zeros([batch, 1]);
  const alphas: tf.Tensor[] = [];
  emit.forEach((e, t) => {
    const a = alpha as tf.Tensor2D;
    const next = tf.add(logSumExp3(a, shift(a, 1), tf.add(shift(a, 2), skip)), e);
    const [kept, scale] = rescale(tf.where(active[t] as tf.Tensor, next, a));
    alpha = kept;
    logScale = tf.add(logScale, scale);
    alphas.push(alpha);
  });
  const finals = tf.where(ends, alpha, tf.fill([batch, width], -Infinity));
  const loss = tf.neg(tf.reshape(tf.add(logScale, logSumExpSafe(finals, 1)), [batch]));
  const possible = alignable(inputs.targets, inputs.inputLengths, inputs.targetLengths);
  return { loss: tf.where(possible, loss, tf.fill([batch], Infinity)), logAlpha: tf.stack(alphas) };
}

/**
 * Portable backward: the beta recursion, then the posterior of each extended position per step,
 * normalised per step, summed into classes with one batched matmul. The result is the exact
 * derivative of each sample's loss with respect to its log-probabilities, `-occupancy(t, c)`,
 * scaled by `dloss`; steps past an input length and samples without any alignment get 0.
 */
function ctcBackward(inputs: OpInputs<CtcLossGradInput, tf.Tensor>, attrs: AttrValues<typeof CTC_ATTRS>): OpOutputs<'dlogProbs', tf.Tensor> {
  const logProbs = inputs.logProbs;
  const [steps, batch, classes] = logProbs.shape as [number, number, number];
  const { ext, emit, active, skip } = prepare(inputs, attrs);
  const width = ext.shape[1];
  const skipIntoNext = shift(skip, -2);
  // The virtual step after a sample's last frame holds the whole mass on the final blank (2S), the
  // mirror of alpha's start: the last label (2S-1) reaches it by one step, the final blank by
  // staying, and nothing else can.
  const finalBlank = tf.equal(tf.expandDims(tf.range(0, width, 1, 'int32'), 0), tf.expandDims(tf.mul(inputs.targetLengths, tf.scalar(2, 'int32')), 1));
  const betaEnd = tf.where(finalBlank, tf.zeros([batch, width]), tf.fill([batch, width], -Infinity));
  let beta: tf.Tensor = betaEnd;
  const betas: tf.Tensor[] = new Array<tf.Tensor>(steps);
  for (let t = steps - 1; t >= 0; t--) {
    const b = beta as tf.Tensor2D;
    const next = tf.add(logSumExp3(b, shift(b, -1), tf.add(shift(b, -2), skipIntoNext)), emit[t] as tf.Tensor);
    // Past its input a sample sits at the virtual step after its last one.
    beta = rescale(tf.where(active[t] as tf.Tensor, next, betaEnd))[0];
    betas[t] = beta;
  }
  const logGamma = tf.sub(tf.add(inputs.logAlpha, tf.stack(betas)), tf.stack(emit));
  const norm = logSumExpSafe(logGamma, 2);
  const possible = tf.reshape(alignable(inputs.targets, inputs.inputLengths, inputs.targetLengths), [1, batch, 1]);
  const keep = tf.logicalAnd(tf.logicalAnd(tf.stack(active), tf.isFinite(norm)), possible);
  const gamma = tf.where(tf.broadcastTo(keep, logGamma.shape), tf.exp(tf.sub(logGamma, norm)), tf.zerosLike(logGamma));
  // Positions to classes: (N, T, L) x (N, L, C); gamma is finite, so a product is safe here.
  // oneHot's float32 output is wrong on the wasm backend of tfjs 4.22 (it writes int32 bits), so
  // the one-hot is made as int32 and cast.
  const toClass = tf.cast(tf.oneHot(ext, classes), 'float32');
  const occupancy = tf.transpose(tf.matMul(tf.transpose(gamma, [1, 0, 2]) as tf.Tensor3D, toClass as tf.Tensor3D), [1, 0, 2]);
  const dloss = tf.reshape(inputs.dloss, [1, batch, 1]);
  return { dlogProbs: tf.mul(tf.neg(occupancy), dloss) };
}

/** The CTC forward. */
export const ctcLossOp: FusedOp<CtcLossInput, 'loss', 'logAlpha', typeof CTC_FORWARD_ATTRS> = {
  spec: {
    kernelName: CTC_LOSS,
    inputs: ['logProbs', 'targets', 'inputLengths', 'targetLengths'],
    outputs: ['loss'],
    workspace: ['logAlpha'],
    attrs: CTC_FORWARD_ATTRS,
  },
  portable: ctcForward,
};

/** Its backward: the gradient with respect to the log-probabilities. */
export const ctcLossGradOp: FusedOp<CtcLossGradInput, 'dlogProbs', never, typeof CTC_ATTRS> = {
  spec: {
    kernelName: CTC_LOSS_GRAD,
    inputs: ['logProbs', 'targets', 'inputLengths', 'targetLengths', 'logAlpha', 'dloss'],
    outputs: ['dlogProbs'],
    workspace: [],
    attrs: CTC_ATTRS,
  },
  portable: ctcBackward,
};

/**
 * The CTC loss with its backward as the gradient: log alpha is the workspace, handed to the
 * gradient tape rather than cloned (see `runDifferentiableOp`).
 */
export const ctcLossWithGradient: DifferentiableOp<CtcLossInput, 'loss', 'logAlpha', typeof CTC_ATTRS, CtcLossGradInput, 'logProbs'> = {
  forward: ctcLossOp,
  backward: ctcLossGradOp,
};

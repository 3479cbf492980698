// The Elman RNN sequence forward (tanh or relu) as one named operation with its gradient.
import * as tf from '@tensorflow/tfjs-core';
import type { DifferentiableOp } from './differentiable_op.js';
import type { FusedOp } from './fused_op.js';
import type { AttrValues, OpInputs, OpOutputs } from './fused_op_spec.js';
import {
  biasGrad,
  blend,
  inputGrad,
  previousStates,
  processingOrder,
  projectAllSteps,
  stepMasks,
  stepSlices,
  stepWeightGrad,
} from './sequence_helpers.js';
import type { SequenceOpOptions } from './sequence_op_options.js';
import { runDifferentiableOp } from './run_differentiable_op.js';
import { SEQUENCE_ATTRS, SEQUENCE_FORWARD_ATTRS } from './sequence_attrs.js';
import { InputError, checkBoolean, checkOneOf, describeValue } from '@rnnkit/core';
import { checkInputNames, checkShaped, sizeOf } from './check_op_args.js';
import { checkSequenceOptions } from './check_sequence_options.js';

/** Kernel name of the RNN sequence forward. Inputs: x, h0, wIh, wHh, bias, mask. */
export const RNN_SEQUENCE = 'RnnkitRnnSequence';
/** Kernel name of its backward pass. */
export const RNN_SEQUENCE_GRAD = 'RnnkitRnnSequenceGrad';

/** The RNN's nonlinearities. */
const RNN_ACTIVATIONS = ['tanh', 'relu'] as const;

/** The RNN's nonlinearity. */
export type RnnActivation = (typeof RNN_ACTIVATIONS)[number];

/** The attributes of the RNN backward: the sequence attributes and `activation`. */
export const RNN_ATTRS = { ...SEQUENCE_ATTRS, activation: RNN_ACTIVATIONS } as const;
/** The attributes of the RNN forward. */
export const RNN_FORWARD_ATTRS = { ...SEQUENCE_FORWARD_ATTRS, activation: RNN_ACTIVATIONS } as const;

/** Inputs of the RNN forward. */
export type RnnInput = 'x' | 'h0' | 'wIh' | 'wHh' | 'bias' | 'mask';
/** Outputs a caller sees: y (T, N, H) and h_n (N, H). */
export type RnnOutput = 'y' | 'h';
/** Inputs of the RNN backward: `hs` is h after every step (T, N, H), the forward's workspace. */
export type RnnGradInput = 'x' | 'h0' | 'wIh' | 'wHh' | 'mask' | 'hs' | 'dy' | 'dh';
/** The forward inputs the backward returns a gradient of. */
export type RnnGradOf = Exclude<RnnInput, 'mask'>;

/** Inputs of {@link rnnSequence}, all float32, time-major. */
export interface RnnSequenceInputs {
  /** (T, N, I) */
  readonly x: tf.Tensor3D;
  /** (N, H) */
  readonly h0: tf.Tensor2D;
  /** (I, H): PyTorch's `weight_ih` transposed. */
  readonly wIh: tf.Tensor2D;
  /** (H, H): PyTorch's `weight_hh` transposed. */
  readonly wHh: tf.Tensor2D;
  /** (H): `bias_ih + bias_hh`. */
  readonly bias: tf.Tensor1D;
  /** (T, N, 1) */
  readonly mask: tf.Tensor3D;
}

/** Outputs of {@link rnnSequence}. */
export interface RnnSequenceOutputs {
  readonly output: tf.Tensor3D;
  readonly h: tf.Tensor2D;
}

/** Portable forward. Returns y, h_n and h after every step (in step order). */
function rnnForward(inputs: OpInputs<RnnInput, tf.Tensor>, attrs: AttrValues<typeof RNN_FORWARD_ATTRS>): OpOutputs<RnnOutput | 'hs', tf.Tensor> {
  const { x, wHh } = inputs;
  const relu = attrs.activation === 'relu';
  const steps = x.shape[0] ?? 0;
  const xw = stepSlices(projectAllSteps(x, inputs.wIh, inputs.bias));
  const masks = stepMasks(inputs.mask, attrs.masked);
  let h = inputs.h0;
  const ys = new Array<tf.Tensor>(steps);
  const hs = new Array<tf.Tensor>(steps);
  for (const t of processingOrder(steps, attrs.reverse)) {
    const pre = tf.add(xw[t] as tf.Tensor, tf.matMul(h as tf.Tensor2D, wHh as tf.Tensor2D));
    const hNew = relu ? tf.relu(pre) : tf.tanh(pre);
    if (masks === null) {
      h = hNew;
      ys[t] = hNew;
    } else {
      const keep = masks.keep[t] as tf.Tensor;
      h = blend(hNew, h, keep, masks.hold[t] as tf.Tensor);
      ys[t] = tf.mul(keep, hNew);
    }
    hs[t] = h;
  }
  return { y: tf.stack(ys), h, hs: tf.stack(hs) };
}

/** Portable backward. Outputs: dx, dh0, dwIh, dwHh, dbias. */
function rnnBackward(inputs: OpInputs<RnnGradInput, tf.Tensor>, attrs: AttrValues<typeof RNN_ATTRS>): OpOutputs<`d${RnnGradOf}`, tf.Tensor> {
  const { x } = inputs;
  const wHhT = tf.transpose(inputs.wHh);
  const relu = attrs.activation === 'relu';
  const reverse = attrs.reverse;
  const steps = x.shape[0] ?? 0;
  const hsAll = inputs.hs;
  const hs = stepSlices(hsAll);
  const dys = stepSlices(inputs.dy);
  const masks = stepMasks(inputs.mask, attrs.masked);
  const order = processingOrder(steps, reverse);
  let dh = inputs.dh;
  const das = new Array<tf.Tensor>(steps);
  for (let k = steps - 1; k >= 0; k--) {
    const t = order[k] as number;
    const keep = masks?.keep[t];
    const hold = masks?.hold[t];
    const dhTotal = tf.add(dys[t] as tf.Tensor, dh);
    const dhn = keep === undefined ? dhTotal : tf.mul(keep, dhTotal);
    // At a valid step the saved state is the activation's output, which gives its derivative.
    const hNew = hs[t] as tf.Tensor;
    const slope = relu ? tf.cast(tf.greater(hNew, 0), 'float32') : tf.sub(1, tf.square(hNew));
    const da = tf.mul(dhn, slope);
    das[t] = da;
    const dhPrev = tf.matMul(da as tf.Tensor2D, wHhT as tf.Tensor2D);
    dh = hold === undefined ? dhPrev : tf.add(dhPrev, tf.mul(hold, dh));
  }
  return rnnGradients(inputs, das, dh, reverse);
}

/**
 * The backward operation's outputs (dx, dh0, dwIh, dwHh, dbias) from the pre-activation
 * gradient of every step, in step order, and the gradient carried past the first visited step:
 * what follows the step loop of any RNN backward kernel built from tfjs ops.
 */
export function rnnGradients(
  inputs: OpInputs<'x' | 'h0' | 'wIh' | 'hs', tf.Tensor>,
  das: readonly tf.Tensor[],
  dh: tf.Tensor,
  reverse: boolean,
): OpOutputs<`d${RnnGradOf}`, tf.Tensor> {
  const FN = 'rnnGradients';
  // The backward kernels pass all of their inputs; only these four are read.
  if (typeof inputs !== 'object' || inputs === null) throw new InputError(FN, 'inputs', `inputs must be an object with x, h0, wIh, hs, got ${describeValue(inputs)}`);
  const x = checkShaped(FN, 'inputs.x', inputs.x, [null, null, null], '(T, N, I)');
  const [steps, N, I] = [sizeOf(x, 0), sizeOf(x, 1), sizeOf(x, 2)];
  const wIh = checkShaped(FN, 'inputs.wIh', inputs.wIh, [I, null], '(I, H)');
  const H = sizeOf(wIh, 1);
  const h0 = checkShaped(FN, 'inputs.h0', inputs.h0, [N, H], '(N, H)');
  const hs = checkShaped(FN, 'inputs.hs', inputs.hs, [steps, N, H], '(T, N, H)');
  if (!Array.isArray(das)) throw new InputError(FN, 'das', `das must be an array of ${steps} step gradients, got ${describeValue(das)}`);
  const given = das.filter((d) => d !== undefined).length;
  if (das.length !== steps || given !== steps) {
    throw new InputError(FN, 'das', `das must hold one gradient for each of the ${steps} steps of x, got ${given} in an array of ${das.length}`);
  }
  das.forEach((d, t) => checkShaped(FN, `das[${t}]`, d, [N, H], '(N, H)'));
  checkShaped(FN, 'dh', dh, [N, H], '(N, H)');
  checkBoolean(FN, 'reverse', reverse);
  const dA = tf.stack([...das]);
  return {
    dx: inputGrad(dA, wIh),
    dh0: dh,
    dwIh: stepWeightGrad(x, dA),
    dwHh: stepWeightGrad(previousStates(h0, hs, reverse), dA),
    dbias: biasGrad(dA),
  };
}

/** The RNN forward; its workspace `hs` is h after every step. */
export const rnnSequenceOp: FusedOp<RnnInput, RnnOutput, 'hs', typeof RNN_FORWARD_ATTRS> = {
  spec: {
    kernelName: RNN_SEQUENCE,
    inputs: ['x', 'h0', 'wIh', 'wHh', 'bias', 'mask'],
    outputs: ['y', 'h'],
    workspace: ['hs'],
    attrs: RNN_FORWARD_ATTRS,
  },
  portable: rnnForward,
};

/** Its backward: dx, dh0, dwIh, dwHh, dbias. */
export const rnnSequenceGradOp: FusedOp<RnnGradInput, `d${RnnGradOf}`, never, typeof RNN_ATTRS> = {
  spec: {
    kernelName: RNN_SEQUENCE_GRAD,
    inputs: ['x', 'h0', 'wIh', 'wHh', 'mask', 'hs', 'dy', 'dh'],
    outputs: ['dx', 'dh0', 'dwIh', 'dwHh', 'dbias'],
    workspace: [],
    attrs: RNN_ATTRS,
  },
  portable: rnnBackward,
};

/** The RNN with its backward as the gradient. */
export const rnnSequenceWithGradient: DifferentiableOp<RnnInput, RnnOutput, 'hs', typeof RNN_ATTRS, RnnGradInput, RnnGradOf> = {
  forward: rnnSequenceOp,
  backward: rnnSequenceGradOp,
};

/** Runs an Elman RNN (`h' = act(W_ih x + b_ih + W_hh h + b_hh)`) over a time-major sequence. */
export function rnnSequence(
  inputs: RnnSequenceInputs,
  options: SequenceOpOptions & { readonly activation: RnnActivation },
): RnnSequenceOutputs {
  const FN = 'rnnSequence';
  const given = checkInputNames(FN, inputs, ['x', 'h0', 'wIh', 'wHh', 'bias', 'mask']);
  const x = checkShaped(FN, 'inputs.x', given['x'], [null, null, null], '(T, N, I)') as tf.Tensor3D;
  const [T, N, I] = [sizeOf(x, 0), sizeOf(x, 1), sizeOf(x, 2)];
  const wIh = checkShaped(FN, 'inputs.wIh', given['wIh'], [I, null], '(I, H)') as tf.Tensor2D;
  const H = sizeOf(wIh, 1);
  const h0 = checkShaped(FN, 'inputs.h0', given['h0'], [N, H], '(N, H)') as tf.Tensor2D;
  const wHh = checkShaped(FN, 'inputs.wHh', given['wHh'], [H, H], '(H, H)') as tf.Tensor2D;
  const bias = checkShaped(FN, 'inputs.bias', given['bias'], [H], '(H)') as tf.Tensor1D;
  const mask = checkShaped(FN, 'inputs.mask', given['mask'], [T, N, 1], '(T, N, 1)') as tf.Tensor3D;
  const { reverse, masked } = checkSequenceOptions(FN, options, ['activation']);
  const activation = checkOneOf(FN, 'activation', (options as { readonly activation?: unknown }).activation, RNN_ACTIVATIONS);
  const { y, h } = runDifferentiableOp(rnnSequenceWithGradient, { x, h0, wIh, wHh, bias, mask }, { reverse, masked, activation });
  return { output: y as tf.Tensor3D, h: h as tf.Tensor2D };
}

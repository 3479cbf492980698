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
  const steps = inputs.x.shape[0] ?? 0;
  const given = das.filter((d) => d !== undefined).length;
  if (das.length !== steps || given !== steps) {
    throw new Error(`rnnGradients: das must hold one gradient for each of the ${steps} steps of x, got ${given} in an array of ${das.length}`);
  }
  const dA = tf.stack([...das]);
  return {
    dx: inputGrad(dA, inputs.wIh),
    dh0: dh,
    dwIh: stepWeightGrad(inputs.x, dA),
    dwHh: stepWeightGrad(previousStates(inputs.h0, inputs.hs, reverse), dA),
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
  const { x, h0, wIh, wHh, bias, mask } = inputs;
  const { y, h } = runDifferentiableOp(
    rnnSequenceWithGradient,
    { x, h0, wIh, wHh, bias, mask },
    { reverse: options.reverse, masked: options.masked, activation: options.activation },
  );
  return { output: y as tf.Tensor3D, h: h as tf.Tensor2D };
}

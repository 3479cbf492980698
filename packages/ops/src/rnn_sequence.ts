// The Elman RNN sequence forward (tanh or relu) as one named operation with its gradient.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';
import type { FusedOp } from './fused_op.js';
import {
  biasGrad,
  blend,
  input,
  inputGrad,
  previousStates,
  processingOrder,
  projectAllSteps,
  stepMasks,
  stepSlices,
  stepWeightGrad,
} from './sequence_helpers.js';
import type { SequenceOpOptions } from './sequence_op_options.js';
import type { SequenceOpPlan } from './sequence_op_plan.js';
import { runSequenceOp } from './sequence_op_plan.js';

/** Kernel name of the RNN sequence forward. Inputs: x, h0, wIh, wHh, bias, mask. */
export const RNN_SEQUENCE = 'RnnkitRnnSequence';
/** Kernel name of its backward pass. */
export const RNN_SEQUENCE_GRAD = 'RnnkitRnnSequenceGrad';

/** The RNN's nonlinearity. */
export type RnnActivation = 'tanh' | 'relu';

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
function rnnForward(inputs: NamedTensorMap, attrs: NamedAttrMap): tf.Tensor[] {
  const x = input(inputs, 'x');
  const wHh = input(inputs, 'wHh');
  const relu = attrs['activation'] === 'relu';
  const steps = x.shape[0] ?? 0;
  const xw = stepSlices(projectAllSteps(x, input(inputs, 'wIh'), input(inputs, 'bias')));
  const masks = stepMasks(input(inputs, 'mask'), attrs['masked'] === true);
  let h = input(inputs, 'h0');
  const ys = new Array<tf.Tensor>(steps);
  const hs = new Array<tf.Tensor>(steps);
  for (const t of processingOrder(steps, attrs['reverse'] === true)) {
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
  return [tf.stack(ys), h, tf.stack(hs)];
}

/** Portable backward. Outputs: dx, dh0, dwIh, dwHh, dbias. */
function rnnBackward(inputs: NamedTensorMap, attrs: NamedAttrMap): tf.Tensor[] {
  const x = input(inputs, 'x');
  const wHhT = tf.transpose(input(inputs, 'wHh'));
  const relu = attrs['activation'] === 'relu';
  const reverse = attrs['reverse'] === true;
  const steps = x.shape[0] ?? 0;
  const hsAll = input(inputs, 'hs');
  const hs = stepSlices(hsAll);
  const dys = stepSlices(input(inputs, 'dy'));
  const masks = stepMasks(input(inputs, 'mask'), attrs['masked'] === true);
  const order = processingOrder(steps, reverse);
  let dh = input(inputs, 'dh');
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
export function rnnGradients(inputs: NamedTensorMap, das: readonly tf.Tensor[], dh: tf.Tensor, reverse: boolean): tf.Tensor[] {
  const steps = input(inputs, 'x').shape[0] ?? 0;
  const given = das.filter((d) => d !== undefined).length;
  if (das.length !== steps || given !== steps) {
    throw new Error(`rnnGradients: das must hold one gradient for each of the ${steps} steps of x, got ${given} in an array of ${das.length}`);
  }
  const dA = tf.stack([...das]);
  return [
    inputGrad(dA, input(inputs, 'wIh')),
    dh,
    stepWeightGrad(input(inputs, 'x'), dA),
    stepWeightGrad(previousStates(input(inputs, 'h0'), input(inputs, 'hs'), reverse), dA),
    biasGrad(dA),
  ];
}

/** The backward operation, for backends that register a faster kernel. */
export const rnnSequenceGradOp: FusedOp = { kernelName: RNN_SEQUENCE_GRAD, portable: rnnBackward };

/** The forward operation, for backends that register a faster kernel. */
export const rnnSequenceOp: FusedOp = { kernelName: RNN_SEQUENCE, portable: rnnForward };

/** How the RNN's backward operation is its forward's gradient. */
export const rnnSequencePlan: SequenceOpPlan = {
  forward: rnnSequenceOp,
  backward: rnnSequenceGradOp,
  outputs: 2,
  workspace: ['hs'],
  saved: ['x', 'h0', 'wIh', 'wHh', 'mask'],
  upstream: ['dy', 'dh'],
  gradients: ['x', 'h0', 'wIh', 'wHh', 'bias'],
};

/** Runs an Elman RNN (`h' = act(W_ih x + b_ih + W_hh h + b_hh)`) over a time-major sequence. */
export function rnnSequence(
  inputs: RnnSequenceInputs,
  options: SequenceOpOptions & { readonly activation: RnnActivation },
): RnnSequenceOutputs {
  const [output, h] = runSequenceOp(
    rnnSequencePlan,
    { x: inputs.x, h0: inputs.h0, wIh: inputs.wIh, wHh: inputs.wHh, bias: inputs.bias, mask: inputs.mask },
    { reverse: options.reverse, masked: options.masked, activation: options.activation },
  );
  return { output: output as tf.Tensor3D, h: h as tf.Tensor2D };
}

// The GRU sequence forward in Keras' reset-before form (reset_after=False, tf.layers' only GRU) as
// one named operation with its gradient.
import * as tf from '@tensorflow/tfjs-core';
import type { DifferentiableOp } from './differentiable_op.js';
import type { FusedOp } from './fused_op.js';
import type { AttrValues, OpInputs, OpOutputs } from './fused_op_spec.js';
import { gateSlope, squashGate } from './gate_activation.js';
import {
  biasGrad,
  blend,
  inputGrad,
  processingOrder,
  projectAllSteps,
  stepMasks,
  stepSlices,
  stepWeightGrad,
} from './sequence_helpers.js';
import type { GatedSequenceOpOptions } from './sequence_op_options.js';
import { runDifferentiableOp } from './run_differentiable_op.js';
import { GATED_SEQUENCE_ATTRS, GATED_SEQUENCE_FORWARD_ATTRS } from './sequence_attrs.js';
import { checkGateWidth, checkInputNames, checkShaped, sizeOf } from './check_op_args.js';
import { checkGatedSequenceOptions } from './check_sequence_options.js';

/** Kernel name of the reset-before GRU sequence forward. Inputs: x, h0, wIh, wHh, bias, mask. */
export const GRU_RESET_BEFORE_SEQUENCE = 'RnnkitGruResetBeforeSequence';
/** Kernel name of its backward pass. */
export const GRU_RESET_BEFORE_SEQUENCE_GRAD = 'RnnkitGruResetBeforeSequenceGrad';

/** Inputs of {@link gruResetBeforeSequence}, all float32, time-major; gates in order r, z, n. */
export interface GruResetBeforeSequenceInputs {
  /** (T, N, I) */
  readonly x: tf.Tensor3D;
  /** (N, H) */
  readonly h0: tf.Tensor2D;
  /** (I, 3H): the input weights, gates in order r, z, n (Keras' `kernel` is z, r, h). */
  readonly wIh: tf.Tensor2D;
  /** (H, 3H): the recurrent weights; the n columns multiply `r * h`. */
  readonly wHh: tf.Tensor2D;
  /** (3H): the one bias of the reset-before form. */
  readonly bias: tf.Tensor1D;
  /** (T, N, 1): 1 inside each sample's length, 0 past it. */
  readonly mask: tf.Tensor3D;
}

/** Outputs of {@link gruResetBeforeSequence}. */
export interface GruResetBeforeSequenceOutputs {
  /** (T, N, H), zero past each sample's length. */
  readonly output: tf.Tensor3D;
  /** (N, H), the state after each sample's last valid step. */
  readonly h: tf.Tensor2D;
}

/** Inputs of the reset-before GRU forward. */
export type GruResetBeforeInput = 'x' | 'h0' | 'wIh' | 'wHh' | 'bias' | 'mask';
/** Outputs a caller sees: y (T, N, H) and h_n (N, H). */
export type GruResetBeforeOutput = 'y' | 'h';
/** Workspace for the backward: the activated gates r, z, n (T, N, 3H). */
export type GruResetBeforeWorkspace = 'gates';
/** Inputs of the reset-before GRU backward. */
export type GruResetBeforeGradInput = 'x' | 'h0' | 'wIh' | 'wHh' | 'mask' | GruResetBeforeWorkspace | 'dy' | 'dh';
/** The forward inputs the backward returns a gradient of. */
export type GruResetBeforeGradOf = Exclude<GruResetBeforeInput, 'mask'>;

/** The recurrent weights split into the r, z columns (H, 2H) and the n columns (H, H). */
function splitRecurrent(wHh: tf.Tensor): [tf.Tensor2D, tf.Tensor2D] {
  const [rows = 0, width = 0] = wHh.shape;
  const hidden = width / 3;
  return [tf.slice(wHh as tf.Tensor2D, [0, 0], [rows, 2 * hidden]), tf.slice(wHh as tf.Tensor2D, [0, 2 * hidden], [rows, hidden])];
}

/**
 * Portable forward. Per step one product `h W_h[:, r|z]` for both gates, then `(r * h) W_hn` for
 * the candidate, which the reset gate scales before the product. Returns y, h_n and, for the
 * backward pass, the activated gates r, z, n of every step (in step order); the hidden states
 * are rebuilt from z and n.
 */
function gruResetBeforeForward(
  inputs: OpInputs<GruResetBeforeInput, tf.Tensor>,
  attrs: AttrValues<typeof GATED_SEQUENCE_FORWARD_ATTRS>,
): OpOutputs<GruResetBeforeOutput | GruResetBeforeWorkspace, tf.Tensor> {
  const { x } = inputs;
  const recording = attrs.workspace;
  const steps = x.shape[0] ?? 0;
  const hidden = (inputs.wHh.shape[1] ?? 0) / 3;
  const [wHrz, wHn] = splitRecurrent(inputs.wHh);
  const xw = stepSlices(projectAllSteps(x, inputs.wIh, inputs.bias));
  const masks = stepMasks(inputs.mask, attrs.masked);
  let h = inputs.h0;
  const ys = new Array<tf.Tensor>(steps);
  const gates = new Array<tf.Tensor>(steps);
  for (const t of processingOrder(steps, attrs.reverse)) {
    const xt = xw[t] as tf.Tensor;
    const batch = xt.shape[0] ?? 0;
    const rz = squashGate(attrs.gateActivation, tf.add(tf.slice(xt, [0, 0], [batch, 2 * hidden]), tf.matMul(h as tf.Tensor2D, wHrz)));
    const r = tf.slice(rz, [0, 0], [batch, hidden]);
    const z = tf.slice(rz, [0, hidden], [batch, hidden]);
    const n = tf.tanh(tf.add(tf.slice(xt, [0, 2 * hidden], [batch, hidden]), tf.matMul(tf.mul(r, h) as tf.Tensor2D, wHn)));
    const hNew = tf.add(n, tf.mul(z, tf.sub(h, n)));
    if (masks === null) {
      h = hNew;
      ys[t] = hNew;
    } else {
      const keep = masks.keep[t] as tf.Tensor;
      h = blend(hNew, h, keep, masks.hold[t] as tf.Tensor);
      ys[t] = tf.mul(keep, hNew);
    }
    if (recording) gates[t] = tf.concat([rz, n], 1);
  }
  return { y: tf.stack(ys), h, gates: recording ? tf.stack(gates) : tf.zeros([0]) };
}

/**
 * Portable backward. Outputs: dx, dh0, dwIh, dwHh, dbias. Per step, with `a` the
 * pre-activations and g the gate squashing: `da_n = dh' (1 - z)(1 - n^2)`, `d(rh) = da_n
 * W_hn^T`, `da_r = d(rh) h g'(r)`, `da_z = dh' (h - n) g'(z)`, and the gradient before the step
 * `dh' z + d(rh) r + [da_r, da_z] W_h[:, r|z]^T`. The r, z columns of dwHh pair with h, the n
 * columns with `r * h`.
 */
function gruResetBeforeBackward(
  inputs: OpInputs<GruResetBeforeGradInput, tf.Tensor>,
  attrs: AttrValues<typeof GATED_SEQUENCE_ATTRS>,
): OpOutputs<`d${GruResetBeforeGradOf}`, tf.Tensor> {
  const { x, h0 } = inputs;
  const kind = attrs.gateActivation;
  const [wHrz, wHn] = splitRecurrent(inputs.wHh);
  const wHrzT = tf.transpose(wHrz);
  const wHnT = tf.transpose(wHn);
  const steps = x.shape[0] ?? 0;
  const gates = stepSlices(inputs.gates);
  const dys = stepSlices(inputs.dy);
  const masks = stepMasks(inputs.mask, attrs.masked);
  const order = processingOrder(steps, attrs.reverse);
  // The hidden states are rebuilt from z and n along the visiting order, not kept by the forward.
  const hPrev = new Array<tf.Tensor>(steps);
  let carried = h0;
  for (const t of order) {
    hPrev[t] = carried;
    const [, z, n] = tf.split(gates[t] as tf.Tensor, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const hNew = tf.add(n, tf.mul(z, tf.sub(carried, n)));
    carried = masks === null ? hNew : blend(hNew, carried, masks.keep[t] as tf.Tensor, masks.hold[t] as tf.Tensor);
  }
  let dh = inputs.dh;
  const das = new Array<tf.Tensor>(steps);
  const resetStates = new Array<tf.Tensor>(steps);
  for (let k = steps - 1; k >= 0; k--) {
    const t = order[k] as number;
    const [r, z, n] = tf.split(gates[t] as tf.Tensor, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const h = hPrev[t] as tf.Tensor;
    const keep = masks?.keep[t];
    const hold = masks?.hold[t];
    const dhTotal = tf.add(dys[t] as tf.Tensor, dh);
    const dhn = keep === undefined ? dhTotal : tf.mul(keep, dhTotal);
    const dan = tf.mul(tf.mul(dhn, tf.sub(1, z)), tf.sub(1, tf.square(n)));
    const drh = tf.matMul(dan as tf.Tensor2D, wHnT);
    const dar = tf.mul(tf.mul(drh, h), gateSlope(kind, r));
    const daz = tf.mul(tf.mul(dhn, tf.sub(h, n)), gateSlope(kind, z));
    const darz = tf.concat([dar, daz], 1);
    das[t] = tf.concat([darz, dan], 1);
    resetStates[t] = tf.mul(r, h);
    const dhPrev = tf.add(tf.add(tf.mul(dhn, z), tf.mul(drh, r)), tf.matMul(darz as tf.Tensor2D, wHrzT));
    dh = hold === undefined ? dhPrev : tf.add(dhPrev, tf.mul(hold, dh));
  }
  const dA = tf.stack(das);
  const [, batch = 0, width = 0] = dA.shape;
  const hidden = width / 3;
  const dArz = tf.slice(dA, [0, 0, 0], [steps, batch, 2 * hidden]);
  const dAn = tf.slice(dA, [0, 0, 2 * hidden], [steps, batch, hidden]);
  return {
    dx: inputGrad(dA, inputs.wIh),
    dh0: dh,
    dwIh: stepWeightGrad(x, dA),
    dwHh: tf.concat([stepWeightGrad(tf.stack(hPrev), dArz), stepWeightGrad(tf.stack(resetStates), dAn)], 1),
    dbias: biasGrad(dA),
  };
}

/** The reset-before GRU forward. */
export const gruResetBeforeSequenceOp: FusedOp<GruResetBeforeInput, GruResetBeforeOutput, GruResetBeforeWorkspace, typeof GATED_SEQUENCE_FORWARD_ATTRS> = {
  spec: {
    kernelName: GRU_RESET_BEFORE_SEQUENCE,
    inputs: ['x', 'h0', 'wIh', 'wHh', 'bias', 'mask'],
    outputs: ['y', 'h'],
    workspace: ['gates'],
    attrs: GATED_SEQUENCE_FORWARD_ATTRS,
  },
  portable: gruResetBeforeForward,
};

/** Its backward: dx, dh0, dwIh, dwHh, dbias. */
export const gruResetBeforeSequenceGradOp: FusedOp<GruResetBeforeGradInput, `d${GruResetBeforeGradOf}`, never, typeof GATED_SEQUENCE_ATTRS> = {
  spec: {
    kernelName: GRU_RESET_BEFORE_SEQUENCE_GRAD,
    inputs: ['x', 'h0', 'wIh', 'wHh', 'mask', 'gates', 'dy', 'dh'],
    outputs: ['dx', 'dh0', 'dwIh', 'dwHh', 'dbias'],
    workspace: [],
    attrs: GATED_SEQUENCE_ATTRS,
  },
  portable: gruResetBeforeBackward,
};

/** The reset-before GRU with its backward as the gradient. */
export const gruResetBeforeSequenceWithGradient: DifferentiableOp<
  GruResetBeforeInput,
  GruResetBeforeOutput,
  GruResetBeforeWorkspace,
  typeof GATED_SEQUENCE_ATTRS,
  GruResetBeforeGradInput,
  GruResetBeforeGradOf
> = {
  forward: gruResetBeforeSequenceOp,
  backward: gruResetBeforeSequenceGradOp,
};

/**
 * Runs a GRU over a whole time-major sequence as one operation with its own gradient, in the
 * reset-before form (Keras' `reset_after=False`, tf.layers' GRU, Cho et al. 2014): `r = g(x W_ir
 * + h W_hr + b_r)`, `z = g(x W_iz + h W_hz + b_z)`, `n = tanh(x W_in + (r * h) W_hn + b_n)`, `h'
 * = (1 - z) n + z h`, with g the logistic or Keras' hard sigmoid (`options.gateActivation`).
 * Shapes, dtypes and options are checked; the data is not read.
 */
export function gruResetBeforeSequence(inputs: GruResetBeforeSequenceInputs, options: GatedSequenceOpOptions): GruResetBeforeSequenceOutputs {
  const FN = 'gruResetBeforeSequence';
  const given = checkInputNames(FN, inputs, ['x', 'h0', 'wIh', 'wHh', 'bias', 'mask']);
  const x = checkShaped(FN, 'inputs.x', given['x'], [null, null, null], '(T, N, I)') as tf.Tensor3D;
  const [T, N, I] = [sizeOf(x, 0), sizeOf(x, 1), sizeOf(x, 2)];
  const wIh = checkShaped(FN, 'inputs.wIh', given['wIh'], [I, null], '(I, 3H)') as tf.Tensor2D;
  const H = checkGateWidth(FN, 'inputs.wIh', sizeOf(wIh, 1), 3, 'r, z, n');
  const h0 = checkShaped(FN, 'inputs.h0', given['h0'], [N, H], '(N, H)') as tf.Tensor2D;
  const wHh = checkShaped(FN, 'inputs.wHh', given['wHh'], [H, 3 * H], '(H, 3H)') as tf.Tensor2D;
  const bias = checkShaped(FN, 'inputs.bias', given['bias'], [3 * H], '(3H)') as tf.Tensor1D;
  const mask = checkShaped(FN, 'inputs.mask', given['mask'], [T, N, 1], '(T, N, 1)') as tf.Tensor3D;
  const attrs = checkGatedSequenceOptions(FN, options);
  const { y, h } = runDifferentiableOp(gruResetBeforeSequenceWithGradient, { x, h0, wIh, wHh, bias, mask }, attrs);
  return { output: y as tf.Tensor3D, h: h as tf.Tensor2D };
}

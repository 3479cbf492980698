// The GRU sequence forward (PyTorch's reset-after form) as one named operation with its gradient.
import * as tf from '@tensorflow/tfjs-core';
import type { DifferentiableOp } from './differentiable_op.js';
import type { FusedOp } from './fused_op.js';
import type { AttrValues, OpInputs, OpOutputs } from './fused_op_spec.js';
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
import { gateSlope, squashGate } from './gate_activation.js';

/** Kernel name of the GRU sequence forward. Inputs: x, h0, wIh, wHh, bIh, bHh, mask. */
export const GRU_SEQUENCE = 'RnnkitGruSequence';
/** Kernel name of its backward pass. */
export const GRU_SEQUENCE_GRAD = 'RnnkitGruSequenceGrad';

/** Inputs of {@link gruSequence}, all float32, time-major. */
export interface GruSequenceInputs {
  /** (T, N, I) */
  readonly x: tf.Tensor3D;
  /** (N, H) */
  readonly h0: tf.Tensor2D;
  /** (I, 3H): PyTorch's `weight_ih` transposed, gates in order r, z, n. */
  readonly wIh: tf.Tensor2D;
  /** (H, 3H): PyTorch's `weight_hh` transposed. */
  readonly wHh: tf.Tensor2D;
  /** (3H) */
  readonly bIh: tf.Tensor1D;
  /** (3H): kept apart from `bIh` because `b_hn` sits inside the reset gate's product. */
  readonly bHh: tf.Tensor1D;
  /** (T, N, 1) */
  readonly mask: tf.Tensor3D;
}

/** Outputs of {@link gruSequence}. */
export interface GruSequenceOutputs {
  /** (T, N, H), zero past each sample's length. */
  readonly output: tf.Tensor3D;
  /** (N, H) */
  readonly h: tf.Tensor2D;
}

/** Inputs of the GRU forward. */
export type GruInput = 'x' | 'h0' | 'wIh' | 'wHh' | 'bIh' | 'bHh' | 'mask';
/** Outputs a caller sees: y (T, N, H) and h_n (N, H). */
export type GruOutput = 'y' | 'h';
/** Workspace for the backward: the activated gates r, z, n (T, N, 3H) and `W_hn h + b_hn` (T, N, H). */
export type GruWorkspace = 'gates' | 'hns';
/** Inputs of the GRU backward. */
export type GruGradInput = 'x' | 'h0' | 'wIh' | 'wHh' | 'mask' | GruWorkspace | 'dy' | 'dh';
/** The forward inputs the backward returns a gradient of. */
export type GruGradOf = Exclude<GruInput, 'mask'>;

/**
 * Portable forward. Returns y, h_n and, for the backward pass, the activated gates r, z, n and the
 * recurrent candidate term `W_hn h + b_hn` of every step (in step order). The hidden states are
 * not kept: the backward pass rebuilds them from z and n.
 */
function gruForward(inputs: OpInputs<GruInput, tf.Tensor>, attrs: AttrValues<typeof GATED_SEQUENCE_FORWARD_ATTRS>): OpOutputs<GruOutput | GruWorkspace, tf.Tensor> {
  const { x, wHh, bHh } = inputs;
  const reverse = attrs.reverse;
  const recording = attrs.workspace;
  const steps = x.shape[0] ?? 0;
  const hidden = (wHh.shape[1] ?? 0) / 3;
  const xw = stepSlices(projectAllSteps(x, inputs.wIh, inputs.bIh));
  const masks = stepMasks(inputs.mask, attrs.masked);
  let h = inputs.h0;
  const ys = new Array<tf.Tensor>(steps);
  const gates = new Array<tf.Tensor>(steps);
  const hns = new Array<tf.Tensor>(steps);
  for (const t of processingOrder(steps, reverse)) {
    const xt = xw[t] as tf.Tensor;
    const batch = xt.shape[0] ?? 0;
    const hw = tf.add(tf.matMul(h as tf.Tensor2D, wHh as tf.Tensor2D), bHh);
    const rz = squashGate(
      attrs.gateActivation,
      tf.add(tf.slice(xt, [0, 0], [batch, 2 * hidden]), tf.slice(hw, [0, 0], [batch, 2 * hidden])),
    );
    const r = tf.slice(rz, [0, 0], [batch, hidden]);
    const z = tf.slice(rz, [0, hidden], [batch, hidden]);
    const hn = tf.slice(hw, [0, 2 * hidden], [batch, hidden]);
    const n = tf.tanh(tf.add(tf.slice(xt, [0, 2 * hidden], [batch, hidden]), tf.mul(r, hn)));
    const hNew = tf.add(n, tf.mul(z, tf.sub(h, n)));
    if (masks === null) {
      h = hNew;
      ys[t] = hNew;
    } else {
      const keep = masks.keep[t] as tf.Tensor;
      h = blend(hNew, h, keep, masks.hold[t] as tf.Tensor);
      ys[t] = tf.mul(keep, hNew);
    }
    if (recording) {
      gates[t] = tf.concat([rz, n], 1);
      hns[t] = hn;
    }
  }
  if (!recording) return { y: tf.stack(ys), h, gates: tf.zeros([0]), hns: tf.zeros([0]) };
  return { y: tf.stack(ys), h, gates: tf.stack(gates), hns: tf.stack(hns) };
}

/**
 * Portable backward. Outputs: dx, dh0, dwIh, dwHh, dbIh, dbHh. The input-side and recurrent-side
 * pre-activation gradients differ only in the candidate slot, where the recurrent side is scaled
 * by r.
 */
function gruBackward(inputs: OpInputs<GruGradInput, tf.Tensor>, attrs: AttrValues<typeof GATED_SEQUENCE_ATTRS>): OpOutputs<`d${GruGradOf}`, tf.Tensor> {
  const { x, h0 } = inputs;
  const wHhT = tf.transpose(inputs.wHh);
  const reverse = attrs.reverse;
  const kind = attrs.gateActivation;
  const steps = x.shape[0] ?? 0;
  const gates = stepSlices(inputs.gates);
  const hns = stepSlices(inputs.hns);
  const dys = stepSlices(inputs.dy);
  const masks = stepMasks(inputs.mask, attrs.masked);
  const order = processingOrder(steps, reverse);
  // The hidden states are rebuilt from z and n along the visiting order, not kept by the forward.
  const hPrev = new Array<tf.Tensor>(steps);
  let carried = h0;
  for (const t of order) {
    hPrev[t] = carried;
    const [, z, n] = tf.split(gates[t] as tf.Tensor, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const hNew = tf.add(n, tf.mul(z, tf.sub(carried, n)));
    carried = masks === null ? hNew : blend(hNew, carried, masks.keep[t] as tf.Tensor, masks.hold[t] as tf.Tensor);
  }
  const hPrevAll = tf.stack(hPrev);
  let dh = inputs.dh;
  const dxws = new Array<tf.Tensor>(steps);
  const dhws = new Array<tf.Tensor>(steps);
  for (let k = steps - 1; k >= 0; k--) {
    const t = order[k] as number;
    const [r, z, n] = tf.split(gates[t] as tf.Tensor, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const keep = masks?.keep[t];
    const hold = masks?.hold[t];
    const dhTotal = tf.add(dys[t] as tf.Tensor, dh);
    const dhn = keep === undefined ? dhTotal : tf.mul(keep, dhTotal);
    const dan = tf.mul(tf.mul(dhn, tf.sub(1, z)), tf.sub(1, tf.square(n)));
    const dar = tf.mul(tf.mul(dan, hns[t] as tf.Tensor), gateSlope(kind, r));
    const daz = tf.mul(tf.mul(dhn, tf.sub(hPrev[t] as tf.Tensor, n)), gateSlope(kind, z));
    dxws[t] = tf.concat([dar, daz, dan], 1);
    const dhw = tf.concat([dar, daz, tf.mul(dan, r)], 1);
    dhws[t] = dhw;
    const dhPrev = tf.add(tf.matMul(dhw as tf.Tensor2D, wHhT as tf.Tensor2D), tf.mul(dhn, z));
    dh = hold === undefined ? dhPrev : tf.add(dhPrev, tf.mul(hold, dh));
  }
  const dXw = tf.stack(dxws);
  const dHw = tf.stack(dhws);
  return {
    dx: inputGrad(dXw, inputs.wIh),
    dh0: dh,
    dwIh: stepWeightGrad(x, dXw),
    dwHh: stepWeightGrad(hPrevAll, dHw),
    dbIh: biasGrad(dXw),
    dbHh: biasGrad(dHw),
  };
}

/** The GRU forward. */
export const gruSequenceOp: FusedOp<GruInput, GruOutput, GruWorkspace, typeof GATED_SEQUENCE_FORWARD_ATTRS> = {
  spec: {
    kernelName: GRU_SEQUENCE,
    inputs: ['x', 'h0', 'wIh', 'wHh', 'bIh', 'bHh', 'mask'],
    outputs: ['y', 'h'],
    workspace: ['gates', 'hns'],
    attrs: GATED_SEQUENCE_FORWARD_ATTRS,
  },
  portable: gruForward,
};

/** Its backward: dx, dh0, dwIh, dwHh, dbIh, dbHh. */
export const gruSequenceGradOp: FusedOp<GruGradInput, `d${GruGradOf}`, never, typeof GATED_SEQUENCE_ATTRS> = {
  spec: {
    kernelName: GRU_SEQUENCE_GRAD,
    inputs: ['x', 'h0', 'wIh', 'wHh', 'mask', 'gates', 'hns', 'dy', 'dh'],
    outputs: ['dx', 'dh0', 'dwIh', 'dwHh', 'dbIh', 'dbHh'],
    workspace: [],
    attrs: GATED_SEQUENCE_ATTRS,
  },
  portable: gruBackward,
};

/** The GRU with its backward as the gradient. */
export const gruSequenceWithGradient: DifferentiableOp<GruInput, GruOutput, GruWorkspace, typeof GATED_SEQUENCE_ATTRS, GruGradInput, GruGradOf> = {
  forward: gruSequenceOp,
  backward: gruSequenceGradOp,
};

/**
 * Runs a GRU over a whole time-major sequence as one operation with its own gradient, with
 * PyTorch's equations: `n = tanh(W_in x + b_in + r * (W_hn h + b_hn))`, `h' = (1 - z) n + z h`.
 * `options.gateActivation` squashes r and z with the logistic (default, PyTorch) or Keras' hard
 * sigmoid (tf.layers' default); n stays tanh.
 */
export function gruSequence(inputs: GruSequenceInputs, options: GatedSequenceOpOptions): GruSequenceOutputs {
  const FN = 'gruSequence';
  const given = checkInputNames(FN, inputs, ['x', 'h0', 'wIh', 'wHh', 'bIh', 'bHh', 'mask']);
  const x = checkShaped(FN, 'inputs.x', given['x'], [null, null, null], '(T, N, I)') as tf.Tensor3D;
  const [T, N, I] = [sizeOf(x, 0), sizeOf(x, 1), sizeOf(x, 2)];
  const wIh = checkShaped(FN, 'inputs.wIh', given['wIh'], [I, null], '(I, 3H)') as tf.Tensor2D;
  const H = checkGateWidth(FN, 'inputs.wIh', sizeOf(wIh, 1), 3, 'r, z, n');
  const h0 = checkShaped(FN, 'inputs.h0', given['h0'], [N, H], '(N, H)') as tf.Tensor2D;
  const wHh = checkShaped(FN, 'inputs.wHh', given['wHh'], [H, 3 * H], '(H, 3H)') as tf.Tensor2D;
  const bIh = checkShaped(FN, 'inputs.bIh', given['bIh'], [3 * H], '(3H)') as tf.Tensor1D;
  const bHh = checkShaped(FN, 'inputs.bHh', given['bHh'], [3 * H], '(3H)') as tf.Tensor1D;
  const mask = checkShaped(FN, 'inputs.mask', given['mask'], [T, N, 1], '(T, N, 1)') as tf.Tensor3D;
  const attrs = checkGatedSequenceOptions(FN, options);
  const { y, h } = runDifferentiableOp(gruSequenceWithGradient, { x, h0, wIh, wHh, bIh, bHh, mask }, attrs);
  return { output: y as tf.Tensor3D, h: h as tf.Tensor2D };
}

// The LSTM sequence forward as one named operation with its own gradient (cuDNN's organisation).
import * as tf from '@tensorflow/tfjs-core';
import type { DifferentiableOp } from './differentiable_op.js';
import type { FusedOp } from './fused_op.js';
import type { AttrValues, OpInputs, OpOutputs } from './fused_op_spec.js';
import {
  biasGrad,
  blend,
  carriedPrevious,
  inputGrad,
  previousStates,
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

/** Kernel name of the LSTM sequence forward. Inputs: x, h0, c0, wIh, wHh, bias, mask. */
export const LSTM_SEQUENCE = 'RnnkitLstmSequence';
/** Kernel name of its backward pass. */
export const LSTM_SEQUENCE_GRAD = 'RnnkitLstmSequenceGrad';
/** Kernel name of the LSTM with a projection (`proj_size`); inputs add `wHr`. */
export const LSTM_PROJ_SEQUENCE = 'RnnkitLstmProjSequence';
/** Kernel name of its backward pass. */
export const LSTM_PROJ_SEQUENCE_GRAD = 'RnnkitLstmProjSequenceGrad';

/** Inputs of {@link lstmSequence}, all float32, time-major. */
export interface LstmSequenceInputs {
  /** (T, N, I) */
  readonly x: tf.Tensor3D;
  /** (N, P) with P = proj size, or H without a projection. */
  readonly h0: tf.Tensor2D;
  /** (N, H) */
  readonly c0: tf.Tensor2D;
  /** (I, 4H): PyTorch's `weight_ih` transposed, gates in order i, f, g, o. */
  readonly wIh: tf.Tensor2D;
  /** (P, 4H): PyTorch's `weight_hh` transposed. */
  readonly wHh: tf.Tensor2D;
  /** (4H): `bias_ih + bias_hh`. */
  readonly bias: tf.Tensor1D;
  /** (H, P): PyTorch's `weight_hr` transposed, only with a projection. */
  readonly wHr?: tf.Tensor2D;
  /** (T, N, 1): 1 inside each sample's length, 0 past it. */
  readonly mask: tf.Tensor3D;
}

/** Outputs of {@link lstmSequence}. */
export interface LstmSequenceOutputs {
  /** (T, N, P), zero past each sample's length. */
  readonly output: tf.Tensor3D;
  /** (N, P), the state after each sample's last valid step. */
  readonly h: tf.Tensor2D;
  /** (N, H) */
  readonly c: tf.Tensor2D;
}

/** Inputs of the plain LSTM forward; the projected one adds `wHr`. */
export type LstmInput = 'x' | 'h0' | 'c0' | 'wIh' | 'wHh' | 'bias' | 'mask';
/** Outputs a caller sees: y (T, N, P), h_n (N, P), c_n (N, H). */
export type LstmOutput = 'y' | 'h' | 'c';
/** Workspace for the backward: the activated gates (T, N, 4H) and c after every step (T, N, H). */
export type LstmWorkspace = 'gates' | 'cs';
/** Inputs of the plain LSTM backward: what it reads of the forward and the upstream gradients. */
export type LstmGradInput = 'x' | 'h0' | 'c0' | 'wIh' | 'wHh' | 'mask' | LstmWorkspace | 'dy' | 'dh' | 'dc';
/** The forward inputs the plain LSTM backward returns a gradient of (not the mask). */
export type LstmGradOf = Exclude<LstmInput, 'mask'>;

type Tensors<K extends string> = OpInputs<K, tf.Tensor>;
/** What both LSTM bodies take: the plain inputs, and `wHr` with a projection. */
type WithProjection<K extends string> = Tensors<K> & { readonly wHr?: tf.Tensor };

function splitGates(gates: tf.Tensor): tf.Tensor[] {
  return tf.split(gates, 4, 1);
}

/**
 * Portable forward: one matmul projects the input of every step; each step then does one
 * recurrent matmul and the gate arithmetic. Besides y, h_n and c_n it returns what the backward
 * pass needs: the activated gates and c after every step (in step order), unless no gradient
 * is being recorded. The hidden states are not kept: the backward pass rebuilds them from o and
 * c, which keeps a training step's memory near the activations it must hold.
 */
function lstmForward(inputs: WithProjection<LstmInput>, attrs: AttrValues<typeof GATED_SEQUENCE_FORWARD_ATTRS>): OpOutputs<LstmOutput | LstmWorkspace, tf.Tensor> {
  const { x, wHr } = inputs;
  const reverse = attrs.reverse;
  const recording = attrs.workspace;
  const steps = x.shape[0] ?? 0;
  const hidden = (inputs.wIh.shape[1] ?? 0) / 4;
  const xw = stepSlices(projectAllSteps(x, inputs.wIh, inputs.bias));
  const wHh = inputs.wHh;
  const masks = stepMasks(inputs.mask, attrs.masked);
  let h = inputs.h0;
  let c = inputs.c0;
  const ys: tf.Tensor[] = new Array<tf.Tensor>(steps);
  const cs: tf.Tensor[] = new Array<tf.Tensor>(steps);
  const gates: tf.Tensor[] = new Array<tf.Tensor>(steps);
  for (const t of processingOrder(steps, reverse)) {
    const a = tf.add(xw[t] as tf.Tensor, tf.matMul(h as tf.Tensor2D, wHh as tf.Tensor2D));
    const batch = a.shape[0] ?? 0;
    const sig = squashGate(attrs.gateActivation, a);
    const i = tf.slice(sig, [0, 0], [batch, hidden]);
    const f = tf.slice(sig, [0, hidden], [batch, hidden]);
    const g = tf.tanh(tf.slice(a, [0, 2 * hidden], [batch, hidden]));
    const o = tf.slice(sig, [0, 3 * hidden], [batch, hidden]);
    const cNew = tf.add(tf.mul(f, c), tf.mul(i, g));
    const r = tf.mul(o, tf.tanh(cNew));
    const hNew = wHr === undefined ? r : tf.matMul(r as tf.Tensor2D, wHr as tf.Tensor2D);
    if (masks === null) {
      h = hNew;
      c = cNew;
      ys[t] = hNew;
    } else {
      const keep = masks.keep[t] as tf.Tensor;
      const hold = masks.hold[t] as tf.Tensor;
      h = blend(hNew, h, keep, hold);
      c = blend(cNew, c, keep, hold);
      ys[t] = tf.mul(keep, hNew);
    }
    if (recording) {
      cs[t] = c;
      gates[t] = tf.concat([i, f, g, o], 1);
    }
  }
  if (!recording) return { y: tf.stack(ys), h, c, gates: tf.zeros([0]), cs: tf.zeros([0]) };
  return { y: tf.stack(ys), h, c, gates: tf.stack(gates), cs: tf.stack(cs) };
}

/**
 * Portable backward: walks the steps in reverse visiting order carrying dh and dc, and keeps each
 * step's pre-activation gradient; after the loop the input, weight and bias gradients are single
 * matmuls or sums over all steps. Outputs: dx, dh0, dc0, dwIh, dwHh, dbias, and dwHr with a
 * projection.
 */
function lstmBackward(inputs: WithProjection<LstmGradInput>, attrs: AttrValues<typeof GATED_SEQUENCE_ATTRS>): OpOutputs<`d${LstmGradOf}`, tf.Tensor> & { readonly dwHr?: tf.Tensor } {
  const { x, h0, c0, wIh, wHr } = inputs;
  const wHhT = tf.transpose(inputs.wHh);
  const wHrT = wHr === undefined ? undefined : tf.transpose(wHr);
  const reverse = attrs.reverse;
  const kind = attrs.gateActivation;
  const steps = x.shape[0] ?? 0;
  const gatesAll = inputs.gates;
  const gates = stepSlices(gatesAll);
  const csAll = inputs.cs;
  const [, batch = 0, gateWidth = 0] = gatesAll.shape;
  const hidden = gateWidth / 4;
  // h = o * tanh(c) at every step (times W_hr with a projection), then carried through masks.
  const rAll = tf.mul(tf.slice(gatesAll, [0, 0, 3 * hidden], [steps, batch, hidden]), tf.tanh(csAll));
  const hNewAll = wHr === undefined ? rAll : tf.reshape(tf.matMul(tf.reshape(rAll, [steps * batch, hidden]) as tf.Tensor2D, wHr as tf.Tensor2D), [steps, batch, -1]);
  const hPrevAll = carriedPrevious(h0, hNewAll, inputs.mask, attrs.masked, reverse);
  const cs = stepSlices(csAll);
  const dys = stepSlices(inputs.dy);
  const masks = stepMasks(inputs.mask, attrs.masked);
  const order = processingOrder(steps, reverse);
  const cPrevAll = stepSlices(previousStates(c0, csAll, reverse));
  let dh = inputs.dh;
  let dc = inputs.dc;
  const das: tf.Tensor[] = new Array<tf.Tensor>(steps);
  const dhns: tf.Tensor[] = new Array<tf.Tensor>(steps);
  for (let k = steps - 1; k >= 0; k--) {
    const t = order[k] as number;
    const [i, f, g, o] = splitGates(gates[t] as tf.Tensor) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const keep = masks?.keep[t];
    const hold = masks?.hold[t];
    const dhTotal = tf.add(dys[t] as tf.Tensor, dh);
    const dhn = keep === undefined ? dhTotal : tf.mul(keep, dhTotal);
    const dcIn = keep === undefined ? dc : tf.mul(keep, dc);
    const dr = wHrT === undefined ? dhn : tf.matMul(dhn as tf.Tensor2D, wHrT as tf.Tensor2D);
    const tc = tf.tanh(cs[t] as tf.Tensor);
    const dcNew = tf.add(dcIn, tf.mul(tf.mul(dr, o), tf.sub(1, tf.square(tc))));
    const dai = tf.mul(tf.mul(dcNew, g), gateSlope(kind, i));
    const daf = tf.mul(tf.mul(dcNew, cPrevAll[t] as tf.Tensor), gateSlope(kind, f));
    const dag = tf.mul(tf.mul(dcNew, i), tf.sub(1, tf.square(g)));
    const dao = tf.mul(tf.mul(dr, tc), gateSlope(kind, o));
    const da = tf.concat([dai, daf, dag, dao], 1);
    das[t] = da;
    if (wHr !== undefined) dhns[t] = dhn;
    const dhPrev = tf.matMul(da as tf.Tensor2D, wHhT as tf.Tensor2D);
    const dcPrev = tf.mul(dcNew, f);
    dh = hold === undefined ? dhPrev : tf.add(dhPrev, tf.mul(hold, dh));
    dc = hold === undefined ? dcPrev : tf.add(dcPrev, tf.mul(hold, dc));
  }
  const dA = tf.stack(das);
  const grads = {
    dx: inputGrad(dA, wIh),
    dh0: dh,
    dc0: dc,
    dwIh: stepWeightGrad(x, dA),
    dwHh: stepWeightGrad(hPrevAll, dA),
    dbias: biasGrad(dA),
  };
  return wHr === undefined ? grads : { ...grads, dwHr: stepWeightGrad(rAll, tf.stack(dhns)) };
}

/** The plain LSTM forward. */
export const lstmSequenceOp: FusedOp<LstmInput, LstmOutput, LstmWorkspace, typeof GATED_SEQUENCE_FORWARD_ATTRS> = {
  spec: {
    kernelName: LSTM_SEQUENCE,
    inputs: ['x', 'h0', 'c0', 'wIh', 'wHh', 'bias', 'mask'],
    outputs: ['y', 'h', 'c'],
    workspace: ['gates', 'cs'],
    attrs: GATED_SEQUENCE_FORWARD_ATTRS,
  },
  portable: lstmForward,
};

/** Its backward: dx, dh0, dc0, dwIh, dwHh, dbias. */
export const lstmSequenceGradOp: FusedOp<LstmGradInput, `d${LstmGradOf}`, never, typeof GATED_SEQUENCE_ATTRS> = {
  spec: {
    kernelName: LSTM_SEQUENCE_GRAD,
    inputs: ['x', 'h0', 'c0', 'wIh', 'wHh', 'mask', 'gates', 'cs', 'dy', 'dh', 'dc'],
    outputs: ['dx', 'dh0', 'dc0', 'dwIh', 'dwHh', 'dbias'],
    workspace: [],
    attrs: GATED_SEQUENCE_ATTRS,
  },
  portable: lstmBackward,
};

/** The LSTM forward with a projection (`proj_size`): the plain one's inputs and `wHr`. */
export const lstmProjSequenceOp: FusedOp<LstmInput | 'wHr', LstmOutput, LstmWorkspace, typeof GATED_SEQUENCE_FORWARD_ATTRS> = {
  spec: { ...lstmSequenceOp.spec, kernelName: LSTM_PROJ_SEQUENCE, inputs: [...lstmSequenceOp.spec.inputs, 'wHr'] },
  portable: lstmForward,
};

/** Its backward: the plain one's gradients and dwHr. */
export const lstmProjSequenceGradOp: FusedOp<LstmGradInput | 'wHr', `d${LstmGradOf | 'wHr'}`, never, typeof GATED_SEQUENCE_ATTRS> = {
  spec: {
    ...lstmSequenceGradOp.spec,
    kernelName: LSTM_PROJ_SEQUENCE_GRAD,
    inputs: [...lstmSequenceGradOp.spec.inputs, 'wHr'],
    outputs: [...lstmSequenceGradOp.spec.outputs, 'dwHr'],
  },
  portable: (inputs, attrs) => {
    const { dwHr, ...grads } = lstmBackward(inputs, attrs);
    if (dwHr === undefined) throw new Error(`${LSTM_PROJ_SEQUENCE_GRAD}: no dwHr`);
    return { ...grads, dwHr };
  },
};

/** The plain LSTM with its backward as the gradient. */
export const lstmSequenceWithGradient: DifferentiableOp<LstmInput, LstmOutput, LstmWorkspace, typeof GATED_SEQUENCE_ATTRS, LstmGradInput, LstmGradOf> = {
  forward: lstmSequenceOp,
  backward: lstmSequenceGradOp,
};

/** The projected LSTM with its backward as the gradient. */
export const lstmProjSequenceWithGradient: DifferentiableOp<LstmInput | 'wHr', LstmOutput, LstmWorkspace, typeof GATED_SEQUENCE_ATTRS, LstmGradInput | 'wHr', LstmGradOf | 'wHr'> = {
  forward: lstmProjSequenceOp,
  backward: lstmProjSequenceGradOp,
};

/**
 * Runs an LSTM over a whole time-major sequence as one operation with its own gradient, with
 * PyTorch's equations (gates i, f, g, o; `h = W_hr (o * tanh(c))` with a projection) and packed
 * sequence semantics through `mask`. `options.gateActivation` squashes i, f and o with the
 * logistic (default, PyTorch) or Keras' hard sigmoid (tf.layers' default); g and the cell output
 * stay tanh. Shapes and dtypes are checked; the data is not read.
 */
export function lstmSequence(inputs: LstmSequenceInputs, options: GatedSequenceOpOptions): LstmSequenceOutputs {
  const FN = 'lstmSequence';
  const given = checkInputNames(FN, inputs, ['x', 'h0', 'c0', 'wIh', 'wHh', 'bias', 'mask'], ['wHr']);
  const x = checkShaped(FN, 'inputs.x', given['x'], [null, null, null], '(T, N, I)') as tf.Tensor3D;
  const [T, N, I] = [sizeOf(x, 0), sizeOf(x, 1), sizeOf(x, 2)];
  const wIh = checkShaped(FN, 'inputs.wIh', given['wIh'], [I, null], '(I, 4H)') as tf.Tensor2D;
  const H = checkGateWidth(FN, 'inputs.wIh', sizeOf(wIh, 1), 4, 'i, f, g, o');
  const wHr = given['wHr'] === undefined ? undefined : (checkShaped(FN, 'inputs.wHr', given['wHr'], [H, null], '(H, P)') as tf.Tensor2D);
  const P = wHr === undefined ? H : sizeOf(wHr, 1);
  const h0 = checkShaped(FN, 'inputs.h0', given['h0'], [N, P], wHr === undefined ? '(N, H)' : '(N, P)') as tf.Tensor2D;
  const c0 = checkShaped(FN, 'inputs.c0', given['c0'], [N, H], '(N, H)') as tf.Tensor2D;
  const wHh = checkShaped(FN, 'inputs.wHh', given['wHh'], [P, 4 * H], wHr === undefined ? '(H, 4H)' : '(P, 4H)') as tf.Tensor2D;
  const bias = checkShaped(FN, 'inputs.bias', given['bias'], [4 * H], '(4H)') as tf.Tensor1D;
  const mask = checkShaped(FN, 'inputs.mask', given['mask'], [T, N, 1], '(T, N, 1)') as tf.Tensor3D;
  const attrs = checkGatedSequenceOptions(FN, options);
  const { y, h, c } =
    wHr === undefined
      ? runDifferentiableOp(lstmSequenceWithGradient, { x, h0, c0, wIh, wHh, bias, mask }, attrs)
      : runDifferentiableOp(lstmProjSequenceWithGradient, { x, h0, c0, wIh, wHh, bias, mask, wHr }, attrs);
  return { output: y as tf.Tensor3D, h: h as tf.Tensor2D, c: c as tf.Tensor2D };
}

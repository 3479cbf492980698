// The LSTM sequence forward as one named operation with its own gradient (cuDNN's organisation).
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';
import type { FusedOp } from './fused_op.js';
import {
  biasGrad,
  blend,
  carriedPrevious,
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
import { runSequenceOp, wantsWorkspace } from './sequence_op_plan.js';

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
function lstmForward(inputs: NamedTensorMap, attrs: NamedAttrMap): tf.Tensor[] {
  const x = input(inputs, 'x');
  const wHr = inputs['wHr'];
  const reverse = attrs['reverse'] === true;
  const recording = wantsWorkspace(attrs);
  const steps = x.shape[0] ?? 0;
  const hidden = (input(inputs, 'wIh').shape[1] ?? 0) / 4;
  const xw = stepSlices(projectAllSteps(x, input(inputs, 'wIh'), input(inputs, 'bias')));
  const wHh = input(inputs, 'wHh');
  const masks = stepMasks(input(inputs, 'mask'), attrs['masked'] === true);
  let h = input(inputs, 'h0');
  let c = input(inputs, 'c0');
  const ys: tf.Tensor[] = new Array<tf.Tensor>(steps);
  const cs: tf.Tensor[] = new Array<tf.Tensor>(steps);
  const gates: tf.Tensor[] = new Array<tf.Tensor>(steps);
  for (const t of processingOrder(steps, reverse)) {
    const a = tf.add(xw[t] as tf.Tensor, tf.matMul(h as tf.Tensor2D, wHh as tf.Tensor2D));
    const batch = a.shape[0] ?? 0;
    const sig = tf.sigmoid(a);
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
  if (!recording) return [tf.stack(ys), h, c, tf.zeros([0]), tf.zeros([0])];
  return [tf.stack(ys), h, c, tf.stack(gates), tf.stack(cs)];
}

/**
 * Portable backward: walks the steps in reverse visiting order carrying dh and dc, and keeps each
 * step's pre-activation gradient; after the loop the input, weight and bias gradients are single
 * matmuls or sums over all steps. Outputs: dx, dh0, dc0, dwIh, dwHh, dbias, and dwHr with a
 * projection.
 */
function lstmBackward(inputs: NamedTensorMap, attrs: NamedAttrMap): tf.Tensor[] {
  const x = input(inputs, 'x');
  const h0 = input(inputs, 'h0');
  const c0 = input(inputs, 'c0');
  const wIh = input(inputs, 'wIh');
  const wHhT = tf.transpose(input(inputs, 'wHh'));
  const wHr = inputs['wHr'];
  const wHrT = wHr === undefined ? undefined : tf.transpose(wHr);
  const reverse = attrs['reverse'] === true;
  const steps = x.shape[0] ?? 0;
  const gatesAll = input(inputs, 'gates');
  const gates = stepSlices(gatesAll);
  const csAll = input(inputs, 'cs');
  const [, batch = 0, gateWidth = 0] = gatesAll.shape;
  const hidden = gateWidth / 4;
  // h = o * tanh(c) at every step (times W_hr with a projection), then carried through masks.
  const rAll = tf.mul(tf.slice(gatesAll, [0, 0, 3 * hidden], [steps, batch, hidden]), tf.tanh(csAll));
  const hNewAll = wHr === undefined ? rAll : tf.reshape(tf.matMul(tf.reshape(rAll, [steps * batch, hidden]) as tf.Tensor2D, wHr as tf.Tensor2D), [steps, batch, -1]);
  const hPrevAll = carriedPrevious(h0, hNewAll, input(inputs, 'mask'), attrs['masked'] === true, reverse);
  const cs = stepSlices(csAll);
  const dys = stepSlices(input(inputs, 'dy'));
  const masks = stepMasks(input(inputs, 'mask'), attrs['masked'] === true);
  const order = processingOrder(steps, reverse);
  const cPrevAll = stepSlices(previousStates(c0, csAll, reverse));
  let dh = input(inputs, 'dh');
  let dc = input(inputs, 'dc');
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
    const dai = tf.mul(tf.mul(dcNew, g), tf.mul(i, tf.sub(1, i)));
    const daf = tf.mul(tf.mul(dcNew, cPrevAll[t] as tf.Tensor), tf.mul(f, tf.sub(1, f)));
    const dag = tf.mul(tf.mul(dcNew, i), tf.sub(1, tf.square(g)));
    const dao = tf.mul(tf.mul(dr, tc), tf.mul(o, tf.sub(1, o)));
    const da = tf.concat([dai, daf, dag, dao], 1);
    das[t] = da;
    if (wHr !== undefined) dhns[t] = dhn;
    const dhPrev = tf.matMul(da as tf.Tensor2D, wHhT as tf.Tensor2D);
    const dcPrev = tf.mul(dcNew, f);
    dh = hold === undefined ? dhPrev : tf.add(dhPrev, tf.mul(hold, dh));
    dc = hold === undefined ? dcPrev : tf.add(dcPrev, tf.mul(hold, dc));
  }
  const dA = tf.stack(das);
  const grads = [
    inputGrad(dA, wIh),
    dh,
    dc,
    stepWeightGrad(x, dA),
    stepWeightGrad(hPrevAll, dA),
    biasGrad(dA),
  ];
  if (wHr !== undefined) grads.push(stepWeightGrad(rAll, tf.stack(dhns)));
  return grads;
}

function lstmPlan(projected: boolean): SequenceOpPlan {
  return {
    forward: { kernelName: projected ? LSTM_PROJ_SEQUENCE : LSTM_SEQUENCE, portable: lstmForward },
    backward: { kernelName: projected ? LSTM_PROJ_SEQUENCE_GRAD : LSTM_SEQUENCE_GRAD, portable: lstmBackward },
    outputs: 3,
    workspace: ['gates', 'cs'],
    saved: ['x', 'h0', 'c0', 'wIh', 'wHh', 'mask', ...(projected ? ['wHr'] : [])],
    upstream: ['dy', 'dh', 'dc'],
    gradients: ['x', 'h0', 'c0', 'wIh', 'wHh', 'bias', ...(projected ? ['wHr'] : [])],
  };
}

/** How the plain LSTM's backward operation is its forward's gradient. */
export const lstmSequencePlan: SequenceOpPlan = lstmPlan(false);
/** The same for the LSTM with a projection. */
export const lstmProjSequencePlan: SequenceOpPlan = lstmPlan(true);

/** The forward operation of the plain LSTM, for backends that register a faster kernel. */
export const lstmSequenceOp: FusedOp = lstmSequencePlan.forward;
/** Its backward operation. */
export const lstmSequenceGradOp: FusedOp = lstmSequencePlan.backward;
/** The forward operation of the projected LSTM. */
export const lstmProjSequenceOp: FusedOp = lstmProjSequencePlan.forward;
/** Its backward operation. */
export const lstmProjSequenceGradOp: FusedOp = lstmProjSequencePlan.backward;

/**
 * Runs an LSTM over a whole time-major sequence as one operation with its own gradient, with
 * PyTorch's equations (gates i, f, g, o; `h = W_hr (o * tanh(c))` with a projection) and packed
 * sequence semantics through `mask`. Inputs are not validated here: the layers do that.
 */
export function lstmSequence(inputs: LstmSequenceInputs, options: SequenceOpOptions): LstmSequenceOutputs {
  const plan = inputs.wHr === undefined ? lstmSequencePlan : lstmProjSequencePlan;
  const named: NamedTensorMap = {
    x: inputs.x,
    h0: inputs.h0,
    c0: inputs.c0,
    wIh: inputs.wIh,
    wHh: inputs.wHh,
    bias: inputs.bias,
    mask: inputs.mask,
  };
  if (inputs.wHr !== undefined) named['wHr'] = inputs.wHr;
  const [output, h, c] = runSequenceOp(plan, named, { reverse: options.reverse, masked: options.masked });
  return { output: output as tf.Tensor3D, h: h as tf.Tensor2D, c: c as tf.Tensor2D };
}

// The reset-before GRU (Keras' reset_after=False) sequence operation and its backward pass on
// WebGL: per step the backend's matmuls and fused GLSL programs for the gate arithmetic.
import * as tf from '@tensorflow/tfjs-core';
import type { GPGPUProgram } from '@tensorflow/tfjs-backend-webgl';
import { biasGrad, inputGrad, processingOrder, projectAllSteps, stepWeightGrad } from '@rnnkit/ops';
import type {
  AttrValues,
  GATED_SEQUENCE_ATTRS,
  GATED_SEQUENCE_FORWARD_ATTRS,
  GateActivation,
  GruResetBeforeGradInput,
  GruResetBeforeGradOf,
  GruResetBeforeInput,
  GruResetBeforeOutput,
  GruResetBeforeWorkspace,
  OpInputs,
  OpOutputs,
} from '@rnnkit/ops';
import { hiddenProgram, previousHiddenStates } from './gru_webgl.js';
import { gateGlsl, runStepProgram, stepProgram } from './webgl_program.js';

/** The r, z gates (N, 2H) from every step's input projection `Xw` and the step's product `Hw` = h W_h[:, r|z]. */
function resetUpdateProgram(batch: number, hidden: number, kind: GateActivation): GPGPUProgram {
  return stepProgram(['Xw', 'Hw'], [batch, 2 * hidden], `
  setOutput(${gateGlsl(kind).squash}(getXw(step, n, col) + getHw(n, col)));`);
}

/** r h (N, H), the operand of the candidate's recurrent product, from the gates `RZ` and the state `Hp`. */
function resetStateProgram(batch: number, hidden: number): GPGPUProgram {
  return stepProgram(['RZ', 'Hp'], [batch, hidden], `
  setOutput(getRZ(n, col) * getHp(n, col));`);
}

/** The step's gates r, z, n (N, 3H): r and z copied from `RZ`, n from `Xw` and `Hn` = (r h) W_hn. */
function stateProgram(batch: number, hidden: number): GPGPUProgram {
  const H = hidden;
  return stepProgram(['Xw', 'RZ', 'Hn'], [batch, 3 * H], `
  if (col < ${2 * H}) {
    setOutput(getRZ(n, col));
    return;
  }
  setOutput(tanhOf(getXw(step, n, col) + getHn(n, col - ${2 * H})));`);
}

/** Outputs y, h_n and the workspace gates, as the portable operation. */
export function gruResetBeforeForwardWebgl(
  inputs: OpInputs<GruResetBeforeInput, tf.Tensor>,
  attrs: AttrValues<typeof GATED_SEQUENCE_FORWARD_ATTRS>,
): OpOutputs<GruResetBeforeOutput | GruResetBeforeWorkspace, tf.Tensor> {
  const { x, wHh } = inputs;
  const masked = attrs.masked;
  const [T = 0, N = 0] = x.shape;
  const H = (wHh.shape[1] ?? 0) / 3;
  const wHrz = tf.slice(wHh, [0, 0], [H, 2 * H]) as tf.Tensor2D;
  const wHn = tf.slice(wHh, [0, 2 * H], [H, H]) as tf.Tensor2D;
  const xw = projectAllSteps(x, inputs.wIh, inputs.bias);
  const mask = tf.reshape(inputs.mask, [T, N]);
  const resetUpdate = resetUpdateProgram(N, H, attrs.gateActivation);
  const resetState = resetStateProgram(N, H);
  const stateOf = stateProgram(N, H);
  const hidden = hiddenProgram(N, H, masked, false);
  let h = inputs.h0;
  const hs = new Array<tf.Tensor>(T);
  const states = new Array<tf.Tensor>(T);
  for (const t of processingOrder(T, attrs.reverse)) {
    const rz = runStepProgram(resetUpdate, [xw, tf.matMul(h as tf.Tensor2D, wHrz)], t);
    const hn = tf.matMul(runStepProgram(resetState, [rz, h], t) as tf.Tensor2D, wHn);
    const state = runStepProgram(stateOf, [xw, rz, hn], t);
    h = runStepProgram(hidden, [state, h, mask], t);
    hs[t] = h;
    states[t] = state;
  }
  const stacked = tf.stack(hs);
  const y = masked ? tf.mul(stacked, tf.reshape(mask, [T, N, 1])) : stacked;
  return { y, h, gates: attrs.workspace ? tf.stack(states) : tf.zeros([0]) };
}

/** What the backward programs compute first at step `step`: the mask, the gates, dL/dh' and the candidate's pre-activation gradient. */
function backwardPrelude(hidden: number, masked: boolean): string {
  const H = hidden;
  return `
  int j = col - (col / ${H}) * ${H};
  float k = ${masked ? 'getM(step, n)' : '1.0'};
  float r = getG(step, n, j);
  float z = getG(step, n, ${H} + j);
  float cand = getG(step, n, ${2 * H} + j);
  float dhn = k * (getDy(step, n, j) + getDh(n, j));
  float dan = dhn * (1.0 - z) * (1.0 - cand * cand);`;
}

/** The candidate's pre-activation gradient (N, H), which W_hn^T takes back to d(r h). */
function candidateGradProgram(batch: number, hidden: number, masked: boolean): GPGPUProgram {
  return stepProgram(['G', 'Dy', 'Dh', 'M'], [batch, hidden], `${backwardPrelude(hidden, masked)}
  setOutput(dan);`);
}

/** The step's pre-activation gradients (N, 3H) of r, z, n, with `Drh` = d(r h). */
function gateGradProgram(batch: number, hidden: number, masked: boolean, kind: GateActivation): GPGPUProgram {
  const H = hidden;
  const slope = gateGlsl(kind).slope;
  return stepProgram(['G', 'Hprev', 'Drh', 'Dy', 'Dh', 'M'], [batch, 3 * H], `${backwardPrelude(hidden, masked)}
  float v;
  if (col < ${H}) v = getDrh(n, j) * getHprev(step, n, j) * ${slope}(r);
  else if (col < ${2 * H}) v = dhn * (getHprev(step, n, j) - cand) * ${slope}(z);
  else v = dan;
  setOutput(v);`);
}

/** dL/dh before the step: the product `P` through the r, z gates, the paths through z and r h, and the carry. */
function hiddenGradProgram(batch: number, hidden: number, masked: boolean): GPGPUProgram {
  return stepProgram(['P', 'G', 'Drh', 'Dy', 'Dh', 'M'], [batch, hidden], `${backwardPrelude(hidden, masked)}
  setOutput(getP(n, j) + dhn * z + getDrh(n, j) * r + (1.0 - k) * getDh(n, j));`);
}

/** Outputs dx, dh0, dwIh, dwHh, dbias, as the portable operation. */
export function gruResetBeforeBackwardWebgl(
  inputs: OpInputs<GruResetBeforeGradInput, tf.Tensor>,
  attrs: AttrValues<typeof GATED_SEQUENCE_ATTRS>,
): OpOutputs<`d${GruResetBeforeGradOf}`, tf.Tensor> {
  const { x, wHh, dy } = inputs;
  const gatesAll = inputs.gates;
  const masked = attrs.masked;
  const [T = 0, N = 0] = x.shape;
  const H = (gatesAll.shape[2] ?? 0) / 3;
  const mask = tf.reshape(inputs.mask, [T, N]);
  const wHnT = tf.transpose(tf.slice(wHh, [0, 2 * H], [H, H])) as tf.Tensor2D;
  // W_h[:, r|z]^T with H rows of zeros below: a step's whole (N, 3H) gradient times it is the
  // product through the r and z gates alone.
  const wHrzT = tf.concat([tf.transpose(tf.slice(wHh, [0, 0], [H, 2 * H])), tf.zeros([H, H])], 0) as tf.Tensor2D;
  const order = processingOrder(T, attrs.reverse);
  const hPrevAll = previousHiddenStates(inputs.h0, gatesAll, mask, order, masked);
  const candidateGrad = candidateGradProgram(N, H, masked);
  const gateGrad = gateGradProgram(N, H, masked, attrs.gateActivation);
  const hiddenGrad = hiddenGradProgram(N, H, masked);
  let dh = inputs.dh;
  const das = new Array<tf.Tensor>(T);
  for (let v = T - 1; v >= 0; v--) {
    const t = order[v] as number;
    const drh = tf.matMul(runStepProgram(candidateGrad, [gatesAll, dy, dh, mask], t) as tf.Tensor2D, wHnT);
    const da = runStepProgram(gateGrad, [gatesAll, hPrevAll, drh, dy, dh, mask], t);
    das[t] = da;
    const product = tf.matMul(da as tf.Tensor2D, wHrzT);
    dh = runStepProgram(hiddenGrad, [product, gatesAll, drh, dy, dh, mask], t);
  }
  const dA = tf.stack(das);
  const rzGrad = tf.slice(dA, [0, 0, 0], [T, N, 2 * H]);
  const candidateGrads = tf.slice(dA, [0, 0, 2 * H], [T, N, H]);
  const resetStates = tf.mul(tf.slice(gatesAll, [0, 0, 0], [T, N, H]), hPrevAll);
  return {
    dx: inputGrad(dA, inputs.wIh),
    dh0: dh,
    dwIh: stepWeightGrad(x, dA),
    dwHh: tf.concat([stepWeightGrad(hPrevAll, rzGrad), stepWeightGrad(resetStates, candidateGrads)], 1),
    dbias: biasGrad(dA),
  };
}

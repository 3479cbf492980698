// The GRU (reset after the matmul) sequence operation and its backward pass on WebGL: per step
// the backend's matmul and fused GLSL programs for the gate arithmetic.
import * as tf from '@tensorflow/tfjs-core';
import type { GPGPUProgram } from '@tensorflow/tfjs-backend-webgl';
import { biasGrad, inputGrad, processingOrder, projectAllSteps, stepWeightGrad } from '@rnnkit/ops';
import type { AttrValues, GATED_SEQUENCE_ATTRS, GATED_SEQUENCE_FORWARD_ATTRS, GateActivation, GruGradInput, GruGradOf, GruInput, GruOutput, GruWorkspace, OpInputs, OpOutputs } from '@rnnkit/ops';
import { gateGlsl, runStepProgram, stepProgram } from './webgl_program.js';

/**
 * One step's r, z, n and `W_hn h + b_hn` as an (N, 4H) state, from every step's input projection
 * `Xw` (with b_ih) and the step's recurrent product `Hw` (with b_hh); r and z squashed by `kind`.
 */
function gatesProgram(batch: number, hidden: number, kind: GateActivation): GPGPUProgram {
  const H = hidden;
  const { squash } = gateGlsl(kind);
  return stepProgram(['Xw', 'Hw'], [batch, 4 * H], `
  if (col < ${2 * H}) {
    setOutput(${squash}(getXw(step, n, col) + getHw(n, col)));
    return;
  }
  if (col >= ${3 * H}) {
    setOutput(getHw(n, col - ${H}));
    return;
  }
  int j = col - ${2 * H};
  float r = ${squash}(getXw(step, n, j) + getHw(n, j));
  setOutput(tanhOf(getXw(step, n, col) + r * getHw(n, col)));`);
}

/**
 * The new hidden state `n + z (h - n)`, held past a sample's length, from gates stored at
 * `G[gateStep]` ((N, 4H) step state with gateStep 0, or the (T, N, 3H) workspace).
 */
export function hiddenProgram(batch: number, hidden: number, masked: boolean, fromWorkspace: boolean): GPGPUProgram {
  const H = hidden;
  const gate = (offset: string): string => (fromWorkspace ? `getG(step, n, ${offset})` : `getG(n, ${offset})`);
  return stepProgram(['G', 'Hp', 'M'], [batch, H], `
  float cand = ${gate(`${2 * H} + col`)};
  float hp = getHp(n, col);
  float h = cand + ${gate(`${H} + col`)} * (hp - cand);
  ${masked ? 'if (getM(step, n) < 0.5) h = hp;' : ''}
  setOutput(h);`);
}

/** Outputs y, h_n, and the workspace gates and hns as the portable operation. */
export function gruForwardWebgl(inputs: OpInputs<GruInput, tf.Tensor>, attrs: AttrValues<typeof GATED_SEQUENCE_FORWARD_ATTRS>): OpOutputs<GruOutput | GruWorkspace, tf.Tensor> {
  const x = inputs.x;
  const wHh = inputs.wHh;
  const bHh = inputs.bHh;
  const masked = attrs.masked;
  const recording = attrs.workspace;
  const [T = 0, N = 0] = x.shape;
  const H = (wHh.shape[1] ?? 0) / 3;
  const xw = projectAllSteps(x, inputs.wIh, inputs.bIh);
  const mask = tf.reshape(inputs.mask, [T, N]);
  const gates = gatesProgram(N, H, attrs.gateActivation);
  const hidden = hiddenProgram(N, H, masked, false);
  let h = inputs.h0;
  const hs = new Array<tf.Tensor>(T);
  const states = new Array<tf.Tensor>(T);
  for (const t of processingOrder(T, attrs.reverse)) {
    const hw = tf.add(tf.matMul(h as tf.Tensor2D, wHh as tf.Tensor2D), bHh);
    const state = runStepProgram(gates, [xw, hw], t);
    h = runStepProgram(hidden, [state, h, mask], t);
    hs[t] = h;
    states[t] = state;
  }
  const stacked = tf.stack(hs);
  const y = masked ? tf.mul(stacked, tf.reshape(mask, [T, N, 1])) : stacked;
  if (!recording) return { y, h, gates: tf.zeros([0]), hns: tf.zeros([0]) };
  const all = tf.stack(states);
  return { y, h, gates: tf.slice(all, [0, 0, 0], [T, N, 3 * H]), hns: tf.slice(all, [0, 0, 3 * H], [T, N, H]) };
}

/** What both pre-activation gradient programs compute first at step `step`. */
function backwardPrelude(hidden: number, masked: boolean): string {
  const H = hidden;
  return `
  int gate = col / ${H};
  int j = col - gate * ${H};
  float k = ${masked ? 'getM(step, n)' : '1.0'};
  float r = getG(step, n, j);
  float z = getG(step, n, ${H} + j);
  float cand = getG(step, n, ${2 * H} + j);
  float dhn = k * (getDy(step, n, j) + getDh(n, j));
  float dan = dhn * (1.0 - z) * (1.0 - cand * cand);`;
}

/**
 * The step's pre-activation gradient (N, 3H) on the input side (`recurrent` false) or the
 * recurrent side, where the candidate's slot is scaled by r; r and z were squashed by `kind`.
 */
function gateGradProgram(batch: number, hidden: number, masked: boolean, recurrent: boolean, kind: GateActivation): GPGPUProgram {
  const { slope } = gateGlsl(kind);
  return stepProgram(['G', 'Hn', 'Hprev', 'Dy', 'Dh', 'M'], [batch, 3 * hidden], `${backwardPrelude(hidden, masked)}
  float v;
  if (gate == 0) v = dan * getHn(step, n, j) * ${slope}(r);
  else if (gate == 1) v = dhn * (getHprev(step, n, j) - cand) * ${slope}(z);
  else v = ${recurrent ? 'dan * r' : 'dan'};
  setOutput(v);`);
}

/** dL/dh before the step: the recurrent product `P`, the direct path through z, and the carry. */
function hiddenGradProgram(batch: number, hidden: number, masked: boolean): GPGPUProgram {
  return stepProgram(['P', 'G', 'Dy', 'Dh', 'M'], [batch, hidden], `${backwardPrelude(hidden, masked)}
  setOutput(getP(n, j) + dhn * z + (1.0 - k) * getDh(n, j));`);
}

/**
 * The state each step started from, (T, N, H) in step order, rebuilt from the saved z and n
 * along the visiting order, one program per step (held past a sample's length when masked).
 */
export function previousHiddenStates(h0: tf.Tensor, gates: tf.Tensor, mask: tf.Tensor, order: readonly number[], masked: boolean): tf.Tensor {
  const [T = 0, N = 0, G = 0] = gates.shape;
  const rebuild = hiddenProgram(N, G / 3, masked, true);
  const previous = new Array<tf.Tensor>(T);
  let carried = h0;
  for (const t of order) {
    previous[t] = carried;
    carried = runStepProgram(rebuild, [gates, carried, mask], t);
  }
  return tf.stack(previous);
}

/** Outputs dx, dh0, dwIh, dwHh, dbIh, dbHh, as the portable operation. */
export function gruBackwardWebgl(inputs: OpInputs<GruGradInput, tf.Tensor>, attrs: AttrValues<typeof GATED_SEQUENCE_ATTRS>): OpOutputs<`d${GruGradOf}`, tf.Tensor> {
  const x = inputs.x;
  const gatesAll = inputs.gates;
  const hns = inputs.hns;
  const masked = attrs.masked;
  const [T = 0, N = 0] = x.shape;
  const H = (gatesAll.shape[2] ?? 0) / 3;
  const mask = tf.reshape(inputs.mask, [T, N]);
  const wHhT = tf.transpose(inputs.wHh);
  const dy = inputs.dy;
  const order = processingOrder(T, attrs.reverse);
  const hPrevAll = previousHiddenStates(inputs.h0, gatesAll, mask, order, masked);
  const inputSide = gateGradProgram(N, H, masked, false, attrs.gateActivation);
  const recurrentSide = gateGradProgram(N, H, masked, true, attrs.gateActivation);
  const hiddenGrad = hiddenGradProgram(N, H, masked);
  let dh = inputs.dh;
  const dxws = new Array<tf.Tensor>(T);
  const dhws = new Array<tf.Tensor>(T);
  for (let v = T - 1; v >= 0; v--) {
    const t = order[v] as number;
    const operands = [gatesAll, hns, hPrevAll, dy, dh, mask];
    dxws[t] = runStepProgram(inputSide, operands, t);
    const dhw = runStepProgram(recurrentSide, operands, t);
    dhws[t] = dhw;
    const product = tf.matMul(dhw as tf.Tensor2D, wHhT as tf.Tensor2D);
    dh = runStepProgram(hiddenGrad, [product, gatesAll, dy, dh, mask], t);
  }
  const dXw = tf.stack(dxws);
  const dHw = tf.stack(dhws);
  return { dx: inputGrad(dXw, inputs.wIh), dh0: dh, dwIh: stepWeightGrad(x, dXw), dwHh: stepWeightGrad(hPrevAll, dHw), dbIh: biasGrad(dXw), dbHh: biasGrad(dHw) };
}

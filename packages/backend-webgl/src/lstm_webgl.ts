// The LSTM sequence operation and its backward pass on WebGL: per step the backend's matmul and
// two fused GLSL programs (gates and cell state, then the hidden state) instead of a dozen ops.
import * as tf from '@tensorflow/tfjs-core';
import type { GPGPUProgram } from '@tensorflow/tfjs-backend-webgl';
import { biasGrad, carriedPrevious, inputGrad, processingOrder, projectAllSteps, stepWeightGrad } from '@rnnkit/ops';
import type { AttrValues, GATED_SEQUENCE_ATTRS, GATED_SEQUENCE_FORWARD_ATTRS, GateActivation, LstmGradInput, LstmGradOf, LstmInput, LstmOutput, LstmWorkspace, OpInputs, OpOutputs } from '@rnnkit/ops';
import { carryProgram, gateGlsl, runStepProgram, stepProgram } from './webgl_program.js';

/**
 * One step's activated gates i, f, g, o and new cell state, as an (N, 5H) state: `Xw` holds every
 * step's input projection with the bias, `Hw` the step's recurrent product and `C` the previous
 * state, whose cell state starts at column `cOffset` (0 for c0, 4H for a previous state). i, f
 * and o are squashed by `kind`.
 */
function gatesProgram(batch: number, hidden: number, cOffset: number, masked: boolean, kind: GateActivation): GPGPUProgram {
  const H = hidden;
  const { squash } = gateGlsl(kind);
  return stepProgram(['Xw', 'Hw', 'C', 'M'], [batch, 5 * H], `
  if (col < ${4 * H}) {
    float a = getXw(step, n, col) + getHw(n, col);
    setOutput(col >= ${2 * H} && col < ${3 * H} ? tanhOf(a) : ${squash}(a));
    return;
  }
  int j = col - ${4 * H};
  float i = ${squash}(getXw(step, n, j) + getHw(n, j));
  float f = ${squash}(getXw(step, n, ${H} + j) + getHw(n, ${H} + j));
  float g = tanhOf(getXw(step, n, ${2 * H} + j) + getHw(n, ${2 * H} + j));
  float cp = getC(n, ${cOffset} + j);
  float c = f * cp + i * g;
  ${masked ? 'if (getM(step, n) < 0.5) c = cp;' : ''}
  setOutput(c);`);
}

/** The step's hidden state `o * tanh(c)` from its (N, 5H) state, held past a sample's length. */
function hiddenProgram(batch: number, hidden: number, masked: boolean): GPGPUProgram {
  const H = hidden;
  return stepProgram(['S', 'Hp', 'M'], [batch, H], `
  float h = getS(n, ${3 * H} + col) * tanhOf(getS(n, ${4 * H} + col));
  ${masked ? 'if (getM(step, n) < 0.5) h = getHp(n, col);' : ''}
  setOutput(h);`);
}

/**
 * The forward kernel: outputs y, h_n, c_n, and the workspace gates and cs as the portable
 * operation (empty without a gradient tape).
 */
export function lstmForwardWebgl(inputs: OpInputs<LstmInput, tf.Tensor>, attrs: AttrValues<typeof GATED_SEQUENCE_FORWARD_ATTRS>): OpOutputs<LstmOutput | LstmWorkspace, tf.Tensor> {
  const x = inputs.x;
  const wHh = inputs.wHh;
  const masked = attrs.masked;
  const recording = attrs.workspace;
  const [T = 0, N = 0] = x.shape;
  const H = (wHh.shape[1] ?? 0) / 4;
  const xw = projectAllSteps(x, inputs.wIh, inputs.bias);
  const mask = tf.reshape(inputs.mask, [T, N]);
  const firstGates = gatesProgram(N, H, 0, masked, attrs.gateActivation);
  const nextGates = gatesProgram(N, H, 4 * H, masked, attrs.gateActivation);
  const hidden = hiddenProgram(N, H, masked);
  let h = inputs.h0;
  let state = inputs.c0;
  const hs = new Array<tf.Tensor>(T);
  const states = new Array<tf.Tensor>(T);
  processingOrder(T, attrs.reverse).forEach((t, k) => {
    const hw = tf.matMul(h as tf.Tensor2D, wHh as tf.Tensor2D);
    state = runStepProgram(k === 0 ? firstGates : nextGates, [xw, hw, state, mask], t);
    h = runStepProgram(hidden, [state, h, mask], t);
    hs[t] = h;
    states[t] = state;
  });
  const stacked = tf.stack(hs);
  const y = masked ? tf.mul(stacked, tf.reshape(mask, [T, N, 1])) : stacked;
  const cN = T === 0 ? inputs.c0 : tf.slice(state, [0, 4 * H], [N, H]);
  if (!recording) return { y, h, c: cN, gates: tf.zeros([0]), cs: tf.zeros([0]) };
  const all = tf.stack(states);
  return { y, h, c: cN, gates: tf.slice(all, [0, 0, 0], [T, N, 4 * H]), cs: tf.slice(all, [0, 0, 4 * H], [T, N, H]) };
}

/**
 * The body shared by the two backward programs: dL/dc after the step (`dcNew`) and what the
 * gates need, for step `step` whose previous cell state is `cPrev`.
 */
function backwardPrelude(hidden: number, masked: boolean, cPrev: string): string {
  const H = hidden;
  return `
  int gate = col / ${H};
  int j = col - gate * ${H};
  float k = ${masked ? 'getM(step, n)' : '1.0'};
  float i = getG(step, n, j);
  float f = getG(step, n, ${H} + j);
  float g = getG(step, n, ${2 * H} + j);
  float o = getG(step, n, ${3 * H} + j);
  float tc = tanhOf(getCs(step, n, j));
  float dr = k * (getDy(step, n, j) + getDh(n, j));
  float dcNew = k * getDc(n, j) + dr * o * (1.0 - tc * tc);
  float cp = ${cPrev};`;
}

/** The step's pre-activation gradient (N, 4H), gates i, f, g, o; i, f and o were squashed by `kind`. */
function gateGradProgram(batch: number, hidden: number, masked: boolean, first: boolean, kind: GateActivation): GPGPUProgram {
  const { slope } = gateGlsl(kind);
  const names = ['G', 'Cs', 'Dy', 'Dh', 'Dc', 'M', ...(first ? ['C0'] : [])];
  const cPrev = first ? 'getC0(n, j)' : 'getCs(prevStep, n, j)';
  return stepProgram(names, [batch, 4 * hidden], `${backwardPrelude(hidden, masked, cPrev)}
  float v;
  if (gate == 0) v = dcNew * g * ${slope}(i);
  else if (gate == 1) v = dcNew * cp * ${slope}(f);
  else if (gate == 2) v = dcNew * i * (1.0 - g * g);
  else v = dr * tc * ${slope}(o);
  setOutput(v);`);
}

/** dL/dc before the step (N, H): through the forget gate, plus what a held step carries. */
function cellGradProgram(batch: number, hidden: number, masked: boolean): GPGPUProgram {
  return stepProgram(['G', 'Cs', 'Dy', 'Dh', 'Dc', 'M'], [batch, hidden], `${backwardPrelude(hidden, masked, '0.0')}
  setOutput(dcNew * f + (1.0 - k) * getDc(n, j));`);
}

/** The backward kernel: dx, dh0, dc0, dwIh, dwHh, dbias, as the portable operation. */
export function lstmBackwardWebgl(inputs: OpInputs<LstmGradInput, tf.Tensor>, attrs: AttrValues<typeof GATED_SEQUENCE_ATTRS>): OpOutputs<`d${LstmGradOf}`, tf.Tensor> {
  const x = inputs.x;
  const gatesAll = inputs.gates;
  const csAll = inputs.cs;
  const masked = attrs.masked;
  const reverse = attrs.reverse;
  const [T = 0, N = 0] = x.shape;
  const H = (gatesAll.shape[2] ?? 0) / 4;
  const mask = tf.reshape(inputs.mask, [T, N]);
  const wHhT = tf.transpose(inputs.wHh);
  const dy = inputs.dy;
  const order = processingOrder(T, reverse);
  const firstGrad = gateGradProgram(N, H, masked, true, attrs.gateActivation);
  const nextGrad = gateGradProgram(N, H, masked, false, attrs.gateActivation);
  const cellGrad = cellGradProgram(N, H, masked);
  const carry = carryProgram(N, H);
  let dh = inputs.dh;
  let dc = inputs.dc;
  const das = new Array<tf.Tensor>(T);
  for (let v = T - 1; v >= 0; v--) {
    const t = order[v] as number;
    const common = [gatesAll, csAll, dy, dh, dc, mask];
    const da = v === 0
      ? runStepProgram(firstGrad, [...common, inputs.c0], t)
      : runStepProgram(nextGrad, common, t, order[v - 1] as number);
    das[t] = da;
    const dcNext = runStepProgram(cellGrad, common, t);
    const dhPrev = tf.matMul(da as tf.Tensor2D, wHhT as tf.Tensor2D);
    dh = masked ? runStepProgram(carry, [dhPrev, dh, mask], t) : dhPrev;
    dc = dcNext;
  }
  const dA = tf.stack(das);
  // The hidden states are rebuilt from o and c, as the portable backward does.
  const hNewAll = tf.mul(tf.slice(gatesAll, [0, 0, 3 * H], [T, N, H]), tf.tanh(csAll));
  const hPrevAll = carriedPrevious(inputs.h0, hNewAll, inputs.mask, masked, reverse);
  return { dx: inputGrad(dA, inputs.wIh), dh0: dh, dc0: dc, dwIh: stepWeightGrad(x, dA), dwHh: stepWeightGrad(hPrevAll, dA), dbias: biasGrad(dA) };
}

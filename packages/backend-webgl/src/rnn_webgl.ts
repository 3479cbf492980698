// The Elman RNN sequence operation and its backward pass on WebGL: per step the backend's matmul
// and one fused GLSL program.
import * as tf from '@tensorflow/tfjs-core';
import type { GPGPUProgram } from '@tensorflow/tfjs-backend-webgl';
import { processingOrder, projectAllSteps, rnnGradients } from '@rnnkit/ops';
import type { AttrValues, OpInputs, OpOutputs, RNN_ATTRS, RNN_FORWARD_ATTRS, RnnGradInput, RnnGradOf, RnnInput, RnnOutput } from '@rnnkit/ops';
import { carryProgram, runStepProgram, stepProgram } from './webgl_program.js';

/** The step's new hidden state `act(Xw[step] + Hw)`, held past a sample's length. */
function stepForwardProgram(batch: number, hidden: number, relu: boolean, masked: boolean): GPGPUProgram {
  return stepProgram(['Xw', 'Hw', 'Hp', 'M'], [batch, hidden], `
  float a = getXw(step, n, col) + getHw(n, col);
  float h = ${relu ? 'max(a, 0.0)' : 'tanhOf(a)'};
  ${masked ? 'if (getM(step, n) < 0.5) h = getHp(n, col);' : ''}
  setOutput(h);`);
}

/** Outputs y, h_n and the workspace hs (the state after every step), as the portable operation. */
export function rnnForwardWebgl(inputs: OpInputs<RnnInput, tf.Tensor>, attrs: AttrValues<typeof RNN_FORWARD_ATTRS>): OpOutputs<RnnOutput | 'hs', tf.Tensor> {
  const x = inputs.x;
  const wHh = inputs.wHh;
  const masked = attrs.masked;
  const recording = attrs.workspace;
  const [T = 0, N = 0] = x.shape;
  const H = wHh.shape[1] ?? 0;
  const xw = projectAllSteps(x, inputs.wIh, inputs.bias);
  const mask = tf.reshape(inputs.mask, [T, N]);
  const program = stepForwardProgram(N, H, attrs.activation === 'relu', masked);
  let h = inputs.h0;
  const hs = new Array<tf.Tensor>(T);
  for (const t of processingOrder(T, attrs.reverse)) {
    h = runStepProgram(program, [xw, tf.matMul(h as tf.Tensor2D, wHh as tf.Tensor2D), h, mask], t);
    hs[t] = h;
  }
  const stacked = tf.stack(hs);
  const y = masked ? tf.mul(stacked, tf.reshape(mask, [T, N, 1])) : tf.clone(stacked);
  return { y, h, hs: recording ? stacked : tf.zeros([0]) };
}

/** The step's pre-activation gradient from the saved output of its activation. */
function stepGradProgram(batch: number, hidden: number, relu: boolean, masked: boolean): GPGPUProgram {
  return stepProgram(['Hs', 'Dy', 'Dh', 'M'], [batch, hidden], `
  float k = ${masked ? 'getM(step, n)' : '1.0'};
  float h = getHs(step, n, col);
  float slope = ${relu ? '(h > 0.0 ? 1.0 : 0.0)' : '1.0 - h * h'};
  setOutput(k * (getDy(step, n, col) + getDh(n, col)) * slope);`);
}

/** Outputs dx, dh0, dwIh, dwHh, dbias, as the portable operation. */
export function rnnBackwardWebgl(inputs: OpInputs<RnnGradInput, tf.Tensor>, attrs: AttrValues<typeof RNN_ATTRS>): OpOutputs<`d${RnnGradOf}`, tf.Tensor> {
  const x = inputs.x;
  const hsAll = inputs.hs;
  const masked = attrs.masked;
  const reverse = attrs.reverse;
  const [T = 0, N = 0] = x.shape;
  const H = hsAll.shape[2] ?? 0;
  const mask = tf.reshape(inputs.mask, [T, N]);
  const wHhT = tf.transpose(inputs.wHh);
  const dy = inputs.dy;
  const order = processingOrder(T, reverse);
  const program = stepGradProgram(N, H, attrs.activation === 'relu', masked);
  const carry = carryProgram(N, H);
  let dh = inputs.dh;
  const das = new Array<tf.Tensor>(T);
  for (let v = T - 1; v >= 0; v--) {
    const t = order[v] as number;
    const da = runStepProgram(program, [hsAll, dy, dh, mask], t);
    das[t] = da;
    const dhPrev = tf.matMul(da as tf.Tensor2D, wHhT as tf.Tensor2D);
    dh = masked ? runStepProgram(carry, [dhPrev, dh, mask], t) : dhPrev;
  }
  return rnnGradients(inputs, das, dh, reverse);
}

// Runs a small GLSL program on the WebGL backend from inside a kernel, as a tracked tensor.
import type * as tf from '@tensorflow/tfjs-core';
import type { GPGPUProgram } from '@tensorflow/tfjs-backend-webgl';
import type { GateActivation } from '@rnnkit/ops';
import { runWebglProgram } from './webgl_internals.js';

/**
 * The logistic function and tanh in the forms tfjs's own WebGL shaders use, so the fused step
 * programs round as the portable operations do on this backend; Keras' hard sigmoid and the
 * gates' derivatives from their outputs (see `gateSlope` in ops).
 */
export const ACTIVATIONS_GLSL = `
float sigmoidOf(float v) { return 1.0 / (1.0 + exp(-1.0 * v)); }
float hardSigmoidOf(float v) { return clamp(0.2 * v + 0.5, 0.0, 1.0); }
float sigmoidSlopeOf(float s) { return s * (1.0 - s); }
float hardSigmoidSlopeOf(float s) { return s > 0.0 && s < 1.0 ? 0.2 : 0.0; }
float tanhOf(float v) {
  float e = exp(-2.0 * abs(v));
  return sign(v) * (1.0 - e) / (1.0 + e);
}
`;

/** A program over an (N, width) output whose step (and, optionally, previous step) are uniforms. */
export function stepProgram(variableNames: string[], outputShape: [number, number], body: string): GPGPUProgram {
  return {
    variableNames,
    outputShape,
    userCode: `${ACTIVATIONS_GLSL}
void main() {
  ivec2 rc = getOutputCoords();
  int n = rc.x;
  int col = rc.y;
${body}
}
`,
    customUniforms: [
      { name: 'step', type: 'int' },
      { name: 'prevStep', type: 'int' },
    ],
  };
}

/**
 * Runs `program` on the active WebGL backend with the step uniforms and returns its output as a
 * tensor of the current scope. The compiled program is cached by tfjs by its code and input
 * shapes, so one program serves every step.
 */
export function runStepProgram(program: GPGPUProgram, inputs: tf.Tensor[], step: number, prevStep = -1): tf.Tensor {
  return runWebglProgram(program, inputs, [[step], [prevStep]]);
}

/** `(1 - k)`-weighted carry of a gradient past a sample's length: `P + (1 - mask[step]) * D`. */
export function carryProgram(batch: number, width: number): GPGPUProgram {
  return stepProgram(['P', 'D', 'M'], [batch, width], `
  setOutput(getP(n, col) + (1.0 - getM(step, n)) * getD(n, col));`);
}

/** The GLSL function that squashes a gate of `kind`, and the one for its derivative from its output. */
export function gateGlsl(kind: GateActivation): { readonly squash: string; readonly slope: string } {
  return kind === 'sigmoid' ? { squash: 'sigmoidOf', slope: 'sigmoidSlopeOf' } : { squash: 'hardSigmoidOf', slope: 'hardSigmoidSlopeOf' };
}

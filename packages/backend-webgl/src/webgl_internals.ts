// The one place the WebGL kernels reach tfjs-backend-webgl's internals, behind a version check.
import * as tf from '@tensorflow/tfjs-core';
import type { GPGPUProgram, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { checkTfjsVersion } from '@rnnkit/ops';

let checked = false;

/**
 * Runs a GLSL program on the active WebGL backend with custom uniform values and returns its
 * output as a tensor of the current scope, after checking once that tfjs is in the supported
 * range and its backend runs programs as the kernels expect. The version checked is
 * tfjs-core's: any value import from tfjs-backend-webgl (its `version_webgl`) registers the
 * backend, which this package's side-effect-free `/base` entry must not do.
 */
export function runWebglProgram(program: GPGPUProgram, inputs: tf.Tensor[], uniforms: number[][]): tf.Tensor {
  const backend = tf.backend() as Partial<MathBackendWebGL>;
  if (!checked) {
    checkTfjsVersion(tf.version_core);
    if (typeof backend.runWebGLProgram !== 'function') checkTfjsVersion('unknown (its webgl backend has no runWebGLProgram)', '@tensorflow/tfjs-backend-webgl');
    checked = true;
  }
  const info = (backend as MathBackendWebGL).runWebGLProgram(program, inputs, 'float32', uniforms);
  return tf.engine().makeTensorFromTensorInfo(info);
}

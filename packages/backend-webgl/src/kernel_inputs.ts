// Reading the inputs of a fused operation inside a WebGL kernel.
import type * as tf from '@tensorflow/tfjs-core';

/** An input the operation always passes. */
export function need(inputs: Record<string, tf.Tensor | undefined>, name: string): tf.Tensor {
  const t = inputs[name];
  if (t === undefined) throw new Error(`backend-webgl: missing input ${name}`);
  return t;
}

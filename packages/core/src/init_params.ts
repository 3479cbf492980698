// Creates a cell's parameters from its spec with PyTorch's default initialisation.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamSpec } from './cell.js';
import type { RandomSource } from './seeded_random.js';
import { seededRandom } from './seeded_random.js';

/**
 * Draws every parameter of `spec` from uniform(-bound, bound), in the spec's order, from one
 * random source: the same seed gives the same parameters.
 */
export function initParams(spec: ParamSpec, random: RandomSource = seededRandom()): Record<string, tf.Tensor> {
  const params: Record<string, tf.Tensor> = {};
  for (const [name, { shape, bound }] of Object.entries(spec)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++) values[i] = (2 * random() - 1) * bound;
    params[name] = tf.tensor(values, [...shape], 'float32');
  }
  return params;
}

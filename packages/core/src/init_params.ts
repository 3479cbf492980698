// Creates a cell's parameters from its spec with PyTorch's default initialisation.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamSpec } from './cell.js';
import { checkParamSpec } from './check_param_spec.js';
import { describeValue } from './describe_value.js';
import { InputError } from './input_error.js';
import type { RandomSource } from './seeded_random.js';
import { seededRandom } from './seeded_random.js';

/**
 * Draws every parameter of `spec` from uniform(-bound, bound), or N(0, bound²) for a `normal`
 * entry, in the spec's order, from one random source: the same seed gives the same parameters.
 */
export function initParams(spec: ParamSpec, random: RandomSource = seededRandom()): Record<string, tf.Tensor> {
  const fn = 'initParams';
  checkParamSpec(fn, 'spec', spec);
  if (typeof random !== 'function') throw new InputError(fn, 'random', `random must be a function returning numbers in [0, 1), got ${describeValue(random)}`);
  const params: Record<string, tf.Tensor> = {};
  try {
    for (const [name, { shape, bound, distribution = 'uniform' }] of Object.entries(spec)) {
      const size = shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(size);
      if (distribution === 'normal') {
        // Box-Muller: two uniforms per normal; 1 - u keeps the logarithm's argument in (0, 1].
        for (let i = 0; i < size; i++) values[i] = bound * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      } else {
        for (let i = 0; i < size; i++) values[i] = (2 * random() - 1) * bound;
      }
      params[name] = tf.tensor(values, [...shape], 'float32');
    }
  } catch (e) {
    tf.dispose(Object.values(params));
    // Only allocation can fail here: a spec whose parameters together do not fit in memory.
    if (e instanceof RangeError) throw new InputError(fn, 'spec', `spec needs more memory than is available (${e.message})`);
    throw e;
  }
  return params;
}

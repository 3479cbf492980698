// Validates a parameter object against a spec at a public boundary.
import type * as tf from '@tensorflow/tfjs-core';
import type { ParamSpec, Params } from './cell.js';
import { checkTensor } from './check_tensor.js';
import { describeValue } from './describe_value.js';
import { InputError } from './input_error.js';

/**
 * Throws an {@link InputError} unless `params` holds exactly the parameters of `spec`, each a
 * float32 tensor of its shape: a missing, mis-shaped or unknown name is the caller's error (like
 * PyTorch's `strict=True`). Returns the parameters typed.
 */
export function checkParams(fn: string, spec: ParamSpec, params: unknown): Params {
  if (typeof params !== 'object' || params === null) {
    throw new InputError(fn, 'params', `params must be an object of named tensors, got ${describeValue(params)}`);
  }
  if (typeof spec !== 'object' || spec === null) throw new InputError(fn, 'spec', `spec must be a parameter spec (name -> {shape, bound}), got ${describeValue(spec)}`);
  const given = params as Record<string, unknown>;
  const expected = Object.keys(spec).join(', ') || 'none';
  for (const [name, entry] of Object.entries(spec)) {
    if (given[name] === undefined) {
      throw new InputError(fn, `params.${name}`, `params.${name} is missing; expected ${expected}`);
    }
    checkTensor(fn, `params.${name}`, given[name], { shape: entry.shape });
  }
  for (const name of Object.keys(given)) {
    if (!(name in spec)) {
      throw new InputError(fn, `params.${name}`, `params.${name} is not a parameter here; expected ${expected}`);
    }
  }
  return given as Record<string, tf.Tensor>;
}

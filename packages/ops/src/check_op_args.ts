// Entry checks shared by the sequence operations and their building blocks: shapes and dtypes
// only (never the data), so they cost nothing next to the work inside a training step.
import type * as tf from '@tensorflow/tfjs-core';
import { InputError, checkTensor, describeValue } from '@rnnkit/core';

/** A float32 tensor of `rank` dimensions whose sizes match `shape` (`null` takes any size). */
export function checkShaped(fn: string, argument: string, value: unknown, shape: ReadonlyArray<number | null>, axes: string): tf.Tensor {
  return checkTensor(fn, argument, value, { shape, axes });
}

/**
 * Checks that `inputs` is an object of tensors with every name of `required`, and no name beyond
 * `required` and `optional` (a misnamed input would otherwise be ignored).
 */
export function checkInputNames(fn: string, inputs: unknown, required: readonly string[], optional: readonly string[] = []): Readonly<Record<string, unknown>> {
  const all = [...required, ...optional];
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw new InputError(fn, 'inputs', `inputs must be an object of tensors named ${all.join(', ')}, got ${describeValue(inputs)}`);
  }
  const given = inputs as Readonly<Record<string, unknown>>;
  for (const name of Object.keys(given)) {
    if (!all.includes(name)) throw new InputError(fn, `inputs.${name}`, `inputs.${name} is not an input of ${fn}; it takes ${all.join(', ')}`);
  }
  for (const name of required) {
    if (given[name] === undefined) throw new InputError(fn, `inputs.${name}`, `inputs.${name} is missing; ${fn} takes ${all.join(', ')}`);
  }
  return given;
}

/** The size of axis `axis` of a tensor already checked to have it. */
export function sizeOf(t: tf.Tensor, axis: number): number {
  return t.shape[axis] ?? 0;
}

/** Checks that `size`, read from `argument`, is a multiple of `parts` (the gates stacked along an axis). */
export function checkGateWidth(fn: string, argument: string, size: number, parts: number, what: string): number {
  if (size % parts !== 0) throw new InputError(fn, argument, `${argument}'s last axis must hold ${parts} gates (${what}), a multiple of ${parts}, got ${size}`);
  return size / parts;
}

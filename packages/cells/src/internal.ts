// Helpers shared by the cells: checked construction, step validation, affine maps.
import * as tf from '@tensorflow/tfjs-core';
import type { Carry, Cell, ParamSpecEntry, Params } from '@rnnkit/core';
import { InputError, checkTensor, describeValue } from '@rnnkit/core';
import { affine, preparedTensor } from '@rnnkit/ops';

/**
 * `x @ w^T (+ b)`: PyTorch's `F.linear`, with `w` in PyTorch's (out, in) layout. The weight is
 * transposed explicitly because matMul's transpose flags run far slower on the wasm backend.
 */
export function linear(x: tf.Tensor2D, w: tf.Tensor, b?: tf.Tensor): tf.Tensor2D {
  return affine(x, transposed(w), b as tf.Tensor1D | undefined);
}

/**
 * A weight's transpose: computed once per weight data and reused while no gradient is recorded
 * (inference), computed anew on every call while one is (training). See `preparedTensor`.
 */
export function transposed(w: tf.Tensor): tf.Tensor2D {
  return preparedTensor([w], 'transpose', () => tf.transpose(w) as tf.Tensor2D);
}

/** `a + b` of two bias vectors, prepared once per data like {@link transposed}. */
export function biasSum(a: tf.Tensor, b: tf.Tensor): tf.Tensor1D {
  return preparedTensor([a, b], 'sum', () => tf.add(a, b) as tf.Tensor1D);
}

/** A parameter the cell's spec promises; a missing one is a caller's error. */
export function param(fn: string, params: Params, name: string): tf.Tensor {
  const value = params[name];
  if (value === undefined) {
    throw new InputError(fn, `params.${name}`, `params.${name} is missing (expected parameters: ${Object.keys(params).join(', ') || 'none given'})`);
  }
  return value;
}

/** An optional parameter: present only when the cell was built with it. */
export function optionalParam(params: Params, name: string, present: boolean): tf.Tensor | undefined {
  return present ? params[name] : undefined;
}

/** Slices the k-th of `count` equal blocks along the last axis of a 2-D tensor. */
export function block(t: tf.Tensor2D, k: number, count: number): tf.Tensor2D {
  const [batch = 0, width = 0] = t.shape;
  const size = width / count;
  return tf.slice(t, [0, k * size], [batch, size]);
}

/** The uniform bound PyTorch uses for every parameter of a recurrent cell. */
export function defaultBound(hiddenSize: number): number {
  return 1 / Math.sqrt(hiddenSize);
}

/** A spec entry with PyTorch's default initialisation. */
export function entry(shape: number[], hiddenSize: number): ParamSpecEntry {
  return { shape, bound: defaultBound(hiddenSize) };
}

/**
 * Checks the arguments of a cell step: every parameter of the spec with its shape, `x` as
 * (N, inputSize) and each carry entry as (N, size).
 */
export function checkStep(cell: Cell, params: Params, carry: Carry, x: unknown): tf.Tensor2D {
  const fn = `${cell.name}.step`;
  if (typeof params !== 'object' || params === null) {
    throw new InputError(fn, 'params', `params must be an object of named tensors, got ${describeValue(params)}`);
  }
  for (const [name, spec] of Object.entries(cell.paramSpec)) {
    checkTensor(fn, `params.${name}`, params[name], { shape: spec.shape });
  }
  const input = checkTensor(fn, 'x', x, { shape: [null, cell.inputSize], axes: '(N, inputSize)' }) as tf.Tensor2D;
  const batch = input.shape[0];
  if (typeof carry !== 'object' || carry === null) {
    throw new InputError(fn, 'carry', `carry must be an object with ${Object.keys(cell.carrySizes).join(', ')}, got ${describeValue(carry)}`);
  }
  for (const [name, size] of Object.entries(cell.carrySizes)) {
    checkTensor(fn, `carry.${name}`, carry[name], { shape: [batch, size], axes: '(N, size)' });
  }
  return input;
}

/** Reads a carry entry the step has already checked. */
export function carryOf(carry: Carry, name: string): tf.Tensor2D {
  return carry[name] as tf.Tensor2D;
}

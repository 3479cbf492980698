// Copies named tensors into named variables, by name, with PyTorch's strict key checking.
import * as tf from '@tensorflow/tfjs-core';
import { checkBoolean, checkKnownOptions } from './check_option.js';
import { describeValue } from './describe_value.js';
import { InputError } from './input_error.js';

export interface LoadStateDictOptions {
  /**
   * Require the keys of the source and the target to match exactly, like PyTorch's `strict=True`.
   * @default true
   */
  strict?: boolean;
}

/** What a non-strict load left out, like PyTorch's `_IncompatibleKeys`. */
export interface LoadStateDictResult {
  readonly missingKeys: string[];
  readonly unexpectedKeys: string[];
}

/**
 * Assigns `source[name]` to `target[name]` for every shared name. Shapes must match exactly and
 * values must be float32; with `strict` every key must be on both sides. Nothing is assigned when
 * anything is wrong.
 */
export function loadStateDict(
  fn: string,
  target: Readonly<Record<string, tf.Variable>>,
  source: Readonly<Record<string, tf.Tensor>>,
  options: LoadStateDictOptions = {},
): LoadStateDictResult {
  checkKnownOptions(fn, 'options', options, ['strict']);
  const strict = checkBoolean(fn, 'strict', options.strict ?? true);
  if (typeof target !== 'object' || target === null) {
    throw new InputError(fn, 'target', `target must be an object of named variables, got ${describeValue(target)}`);
  }
  for (const [name, variable] of Object.entries(target)) {
    if (!(variable instanceof tf.Variable) || variable.isDisposed) {
      throw new InputError(fn, `target.${name}`, `target.${name} must be a live tf.Variable, got ${describeValue(variable)}`);
    }
  }
  if (typeof source !== 'object' || source === null || Array.isArray(source)) {
    throw new InputError(fn, 'stateDict', `stateDict must be an object of named tensors, got ${describeValue(source)}`);
  }
  const missingKeys = Object.keys(target).filter((k) => !Object.hasOwn(source, k));
  const unexpectedKeys = Object.keys(source).filter((k) => !Object.hasOwn(target, k));
  if (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
    const parts: string[] = [];
    if (missingKeys.length > 0) parts.push(`missing keys: ${missingKeys.join(', ')}`);
    if (unexpectedKeys.length > 0) parts.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
    throw new InputError(fn, 'stateDict', `stateDict does not match the parameters (${parts.join('; ')})`);
  }
  const shared = Object.keys(target).filter((k) => Object.hasOwn(source, k));
  for (const name of shared) {
    const value = source[name];
    const variable = target[name];
    if (!(value instanceof tf.Tensor) || value.isDisposed || variable === undefined) {
      throw new InputError(fn, `stateDict.${name}`, `stateDict.${name} must be a live tensor, got ${describeValue(value)}`);
    }
    if (!tf.util.arraysEqual(value.shape, variable.shape)) {
      throw new InputError(
        fn,
        `stateDict.${name}`,
        `stateDict.${name} must have shape [${variable.shape.join(', ')}], got [${value.shape.join(', ')}]`,
      );
    }
    if (value.dtype !== 'float32') {
      throw new InputError(fn, `stateDict.${name}`, `stateDict.${name} must be float32, got ${value.dtype}`);
    }
  }
  for (const name of shared) {
    const variable = target[name];
    const value = source[name];
    // `stateDict()` hands out the live variables; assigning one its own data would free it.
    if (variable !== undefined && value !== undefined && value.dataId !== variable.dataId) variable.assign(value);
  }
  return { missingKeys: strict ? [] : missingKeys, unexpectedKeys: strict ? [] : unexpectedKeys };
}

// Loads a PyTorch state_dict into bound variables with PyTorch's key checking.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkBoolean, checkKnownOptions, describeValue } from '@rnnkit/core';
import { isPlainObject } from './internal.js';
import type { TorchParameters } from './torch_parameters.js';
import { torchShape } from './torch_shape.js';

export interface LoadTorchStateDictOptions {
  /**
   * Require every parameter to be in the state dict and every key of the state dict to be a
   * parameter, like PyTorch's `strict=True`. Shape mismatches are errors either way, as in PyTorch.
   * @default true
   */
  strict?: boolean;
}

/** The keys a non-strict load left out, like PyTorch's `_IncompatibleKeys`. */
export interface LoadTorchStateDictResult {
  readonly missingKeys: string[];
  readonly unexpectedKeys: string[];
}

/**
 * Copies `stateDict` (PyTorch names and shapes, e.g. from `readSafetensors`) into the bound
 * variables, transposing where a variable holds PyTorch's tensor transposed. Missing,
 * unexpected and mis-shaped keys are all reported by name in one error, and nothing is assigned
 * unless everything fits.
 *
 * @example
 * loadTorchStateDict(params, readSafetensorsFile('model.safetensors').tensors);
 */
export function loadTorchStateDict(
  target: TorchParameters,
  stateDict: Readonly<Record<string, tf.Tensor>>,
  options: LoadTorchStateDictOptions = {},
): LoadTorchStateDictResult {
  const fn = 'loadTorchStateDict';
  checkKnownOptions(fn, 'options', options, ['strict']);
  const strict = checkBoolean(fn, 'strict', options.strict ?? true);
  if (!isPlainObject(target)) throw new InputError(fn, 'target', `target must be bound parameters (torchParameters), got ${describeValue(target)}`);
  if (!isPlainObject(stateDict)) throw new InputError(fn, 'stateDict', `stateDict must be an object of named tensors, got ${describeValue(stateDict)}`);
  const missingKeys = Object.keys(target).filter((k) => !Object.hasOwn(stateDict, k));
  const unexpectedKeys = Object.keys(stateDict).filter((k) => !Object.hasOwn(target, k));
  const problems: string[] = [];
  for (const name of Object.keys(target).filter((k) => Object.hasOwn(stateDict, k))) {
    const value = stateDict[name];
    const parameter = target[name];
    if (parameter === undefined) continue;
    if (typeof parameter !== 'object' || parameter === null || !(parameter.variable instanceof tf.Variable) || parameter.variable.isDisposed) {
      problems.push(`target.${name} is ${describeValue(parameter)}, not a bound parameter with a live variable`);
      continue;
    }
    const expected = torchShape(parameter);
    if (!(value instanceof tf.Tensor) || value.isDisposed) {
      problems.push(`${name} is ${describeValue(value)}, not a live tensor`);
    } else if (!tf.util.arraysEqual(value.shape, expected)) {
      problems.push(`${name} has shape [${value.shape.join(', ')}], the model's parameter [${expected.join(', ')}]`);
    } else if (value.dtype !== 'float32') {
      problems.push(`${name} is ${value.dtype}, not float32`);
    }
  }
  if (strict && missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.join(', ')}`);
  if (strict && unexpectedKeys.length > 0) problems.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
  if (problems.length > 0) {
    throw new InputError(fn, 'stateDict', `the state dict does not fit the model's parameters (${problems.join('; ')})`);
  }
  for (const name of Object.keys(target).filter((k) => Object.hasOwn(stateDict, k))) {
    const parameter = target[name];
    const value = stateDict[name];
    if (parameter === undefined || value === undefined) continue;
    if (parameter.transposed) tf.tidy(() => parameter.variable.assign(tf.transpose(value)));
    else parameter.variable.assign(value);
  }
  return { missingKeys: strict ? [] : missingKeys, unexpectedKeys: strict ? [] : unexpectedKeys };
}

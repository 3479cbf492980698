// Binds PyTorch state_dict names to the variables that hold those parameters here.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkKnownOptions, describeValue } from '@rnnkit/core';
import { defineEntry, isPlainObject } from './internal.js';

/** One PyTorch parameter and the variable that holds it. */
export interface TorchParameter {
  readonly variable: tf.Variable;
  /**
   * The variable holds the transpose of PyTorch's 2-D tensor: a `Linear` weight kept (in, out)
   * so the forward product needs no transpose.
   */
  readonly transposed: boolean;
}

/** Parameters by their full PyTorch `state_dict` name (`lstm.weight_ih_l0`, `head.weight`). */
export type TorchParameters = Readonly<Record<string, TorchParameter>>;

export interface TorchParametersOptions {
  /** Names (without the prefix) whose variables hold PyTorch's tensor transposed. @default [] */
  transposed?: readonly string[];
}

/**
 * Names `variables` as the submodule `prefix` of a PyTorch model: `lstm(...).parameters` under
 * `'lstm'` become `lstm.weight_ih_l0`, ..., `lstm.bias_hh_l1_reverse`, `lstm.weight_hr_l0`
 * (the toolkit's recurrent modules already use PyTorch's names). An empty prefix names them as
 * they are. Combine submodules by spreading: `{ ...torchParameters('embed', ...), ... }`.
 *
 * @example
 * const params = {
 *   ...torchParameters('embed', { weight: embedding }),
 *   ...torchParameters('lstm', model.parameters),
 *   ...torchParameters('head', { weight: headWeightInOut, bias: headBias }, { transposed: ['weight'] }),
 * };
 */
export function torchParameters(
  prefix: string,
  variables: Readonly<Record<string, tf.Variable>>,
  options: TorchParametersOptions = {},
): TorchParameters {
  const fn = 'torchParameters';
  checkKnownOptions(fn, 'options', options, ['transposed']);
  if (typeof prefix !== 'string') throw new InputError(fn, 'prefix', `prefix must be a string, got ${describeValue(prefix)}`);
  if (!isPlainObject(variables)) throw new InputError(fn, 'variables', `variables must be an object of named variables, got ${describeValue(variables)}`);
  const transposed = options.transposed ?? [];
  if (!Array.isArray(transposed) || !transposed.every((n) => typeof n === 'string')) throw new InputError(fn, 'transposed', `transposed must be an array of names, got ${describeValue(transposed)}`);
  const out: Record<string, TorchParameter> = {};
  for (const name of transposed) {
    if (!Object.hasOwn(variables, name)) {
      throw new InputError(fn, 'transposed', `transposed names ${JSON.stringify(name)}, which is not among ${Object.keys(variables).join(', ')}`);
    }
  }
  for (const name of Object.keys(variables)) {
    const variable = variables[name];
    if (!(variable instanceof tf.Variable) || variable.isDisposed) {
      throw new InputError(fn, `variables.${name}`, `variables.${name} must be a tf.Variable, got ${describeValue(variable)}`);
    }
    const isTransposed = transposed.includes(name);
    if (isTransposed && variable.rank !== 2) {
      throw new InputError(fn, `variables.${name}`, `variables.${name} is listed as transposed but is not 2-D, got shape [${variable.shape.join(', ')}]`);
    }
    defineEntry(out, prefix === '' ? name : `${prefix}.${name}`, { variable, transposed: isTransposed });
  }
  return out;
}

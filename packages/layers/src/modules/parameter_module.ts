// Trainable parameters as named variables, with PyTorch-style state_dict access: what every
// module (recurrent, embedding, linear, encoder-decoder) holds its parameters in.
import * as tf from '@tensorflow/tfjs-core';
import type { LoadStateDictOptions, LoadStateDictResult, ParamSpec, Params, RandomSource } from '@rnnkit/core';
import { InputError, checkParamSpec, checkParams, describeValue, initParams, loadStateDict } from '@rnnkit/core';

/**
 * A set of trainable `tf.Variable`s by PyTorch `state_dict` name, initialised from a spec, plus
 * the variables of named child modules under `child.name` (as PyTorch's nested modules name them).
 */
export class ParameterModule {
  readonly name: string;
  /** Every parameter by name, the children's under their prefix. */
  readonly paramSpec: ParamSpec;
  /** The trainable variables by parameter name (the children's are the same variables). */
  readonly parameters: Readonly<Record<string, tf.Variable>>;

  /**
   * Draws the module's own parameters of `spec` from `random`, then takes the children's
   * variables as they are, each name prefixed with the child's name and a dot.
   */
  constructor(name: string, spec: ParamSpec, random: RandomSource, children: Readonly<Record<string, ParameterModule>> = {}) {
    if (typeof name !== 'string' || name === '') throw new InputError('ParameterModule', 'name', `name must be a non-empty string, got ${describeValue(name)}`);
    checkParamSpec(name, 'spec', spec);
    if (typeof random !== 'function') throw new InputError(name, 'random', `random must be a function returning uniform numbers in [0, 1), got ${describeValue(random)}`);
    if (typeof children !== 'object' || children === null || Array.isArray(children)) {
      throw new InputError(name, 'children', `children must be an object of modules by prefix, got ${describeValue(children)}`);
    }
    for (const [prefix, child] of Object.entries(children)) {
      if (!(child instanceof ParameterModule)) throw new InputError(name, `children.${prefix}`, `children.${prefix} must be a module, got ${describeValue(child)}`);
    }
    this.name = name;
    const fullSpec: Record<string, ParamSpec[string]> = { ...spec };
    const variables: Record<string, tf.Variable> = {};
    const initial = initParams(spec, random);
    for (const [paramName, value] of Object.entries(initial)) {
      variables[paramName] = tf.variable(value, true, `${name}.${paramName}.${tf.util.now()}.${Math.random()}`);
      value.dispose();
    }
    for (const [prefix, child] of Object.entries(children)) {
      for (const [paramName, variable] of Object.entries(child.parameters)) {
        const full = `${prefix}.${paramName}`;
        if (full in variables) throw new InputError(name, prefix, `parameter name ${full} appears twice`);
        variables[full] = variable;
        const entry = child.paramSpec[paramName];
        if (entry !== undefined) fullSpec[full] = entry;
      }
    }
    this.paramSpec = fullSpec;
    this.parameters = variables;
  }

  /** The parameters by PyTorch `state_dict` name. The tensors are the live variables. */
  stateDict(): Record<string, tf.Tensor> {
    return { ...this.parameters };
  }

  /** Copies parameters in by name, checking names (strict by default) and shapes. */
  loadStateDict(stateDict: Readonly<Record<string, tf.Tensor>>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    return loadStateDict(`${this.name}.loadStateDict`, this.parameters, stateDict, options);
  }

  /** Frees the parameters. */
  dispose(): void {
    for (const v of Object.values(this.parameters)) v.dispose();
  }

  /** Checks that `params` holds exactly this module's parameters (for `apply`). */
  protected checkGiven(method: string, params: unknown): Params {
    if (typeof params !== 'object' || params === null) {
      throw new InputError(`${this.name}.${method}`, 'params', `params must be an object of named tensors, got ${describeValue(params)}`);
    }
    return checkParams(`${this.name}.${method}`, this.paramSpec, params);
  }
}

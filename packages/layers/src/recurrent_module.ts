// A sequence layer with its own parameters as variables, PyTorch-style state_dict access and
// a forward pass.
import * as tf from '@tensorflow/tfjs-core';
import type { LoadStateDictOptions, LoadStateDictResult, Params, RandomSource } from '@rnnkit/core';
import { checkBoolean, checkInteger, checkKnownOptions, initParams, loadStateDict, seededRandom } from '@rnnkit/core';
import type { ForwardOptions, ForwardResult } from './apply_layer.js';
import { applyLayer } from './apply_layer.js';
import type { SequenceLayer } from './sequence_layer.js';

/** Options of the `RecurrentModule` constructor. */
export interface RecurrentModuleOptions {
  /** Inputs and outputs are (N, T, F) instead of (T, N, F). @default false */
  batchFirst?: boolean;
  /** Seed for the initial parameters and for dropout. @default a random seed */
  seed?: number;
}

/**
 * A trainable recurrent model: a {@link SequenceLayer} plus its parameters as `tf.Variable`s,
 * named as in PyTorch's `state_dict`.
 */
export class RecurrentModule {
  readonly name: string;
  readonly layer: SequenceLayer;
  readonly batchFirst: boolean;
  /** The trainable variables by parameter name. */
  readonly parameters: Readonly<Record<string, tf.Variable>>;
  private readonly random: RandomSource;

  constructor(name: string, layer: SequenceLayer, options: RecurrentModuleOptions = {}) {
    checkKnownOptions(name, 'options', options, ['batchFirst', 'seed']);
    this.name = name;
    this.layer = layer;
    this.batchFirst = checkBoolean(name, 'batchFirst', options.batchFirst ?? false);
    const seed = options.seed === undefined ? undefined : checkInteger(name, 'seed', options.seed, 0, 2 ** 32 - 1);
    this.random = seededRandom(seed);
    const initial = initParams(layer.paramSpec, this.random);
    const variables: Record<string, tf.Variable> = {};
    for (const [paramName, value] of Object.entries(initial)) {
      variables[paramName] = tf.variable(value, true, `${name}.${paramName}.${tf.util.now()}.${Math.random()}`);
      value.dispose();
    }
    this.parameters = variables;
  }

  /** Runs the model with its own parameters. See {@link ForwardOptions}. */
  forward(x: tf.Tensor3D, options: ForwardOptions = {}): ForwardResult {
    return applyLayer(`${this.name}.forward`, this.layer, this.parameters, x, options, { batchFirst: this.batchFirst, random: this.random });
  }

  /** Runs the model with the given parameters (same names and shapes), e.g. to take gradients. */
  apply(params: Params, x: tf.Tensor3D, options: ForwardOptions = {}): ForwardResult {
    return applyLayer(`${this.name}.apply`, this.layer, params, x, options, { batchFirst: this.batchFirst, random: this.random });
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
}

// A sequence layer with its own parameters as variables, PyTorch-style state_dict access and
// a forward pass.
import type * as tf from '@tensorflow/tfjs-core';
import type { Params, SeededRandom } from '@rnnkit/core';
import { InputError, checkBoolean, checkInteger, checkKnownOptions, checkParamSpec, describeValue, seededRandom } from '@rnnkit/core';
import type { ForwardOptions, ForwardResult } from '../recurrent/apply_layer.js';
import { applyLayer } from '../recurrent/apply_layer.js';
import type { SequenceLayer } from '../recurrent/sequence_layer.js';
import { ParameterModule } from './parameter_module.js';
import type { StepperOptions } from './recurrent_stepper.js';
import { RecurrentStepper } from './recurrent_stepper.js';

/** Options of the `lstm`, `gru` and `rnn` modules common to every recurrent module. */
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
export class RecurrentModule extends ParameterModule {
  readonly layer: SequenceLayer;
  readonly batchFirst: boolean;
  /** Draws dropout masks; its `state` goes into training checkpoints for an exact resume. */
  readonly random: SeededRandom;

  constructor(name: string, layer: SequenceLayer, options: RecurrentModuleOptions = {}) {
    if (typeof name !== 'string' || name === '') throw new InputError('RecurrentModule', 'name', `name must be a non-empty string, got ${describeValue(name)}`);
    if (typeof layer !== 'object' || layer === null || typeof (layer as Partial<SequenceLayer>).run !== 'function') {
      throw new InputError(name, 'layer', `layer must be a sequence layer (cellLayer, stacked, ...), got ${describeValue(layer)}`);
    }
    checkParamSpec(name, 'layer', layer.paramSpec);
    checkKnownOptions(name, 'options', options, ['batchFirst', 'seed']);
    const batchFirst = checkBoolean(name, 'batchFirst', options.batchFirst ?? false);
    const seed = options.seed === undefined ? undefined : checkInteger(name, 'seed', options.seed, 0, 2 ** 32 - 1);
    const random = seededRandom(seed);
    super(name, layer.paramSpec, random);
    this.layer = layer;
    this.batchFirst = batchFirst;
    this.random = random;
  }

  /** Runs the model with its own parameters. See {@link ForwardOptions}. */
  forward(x: tf.Tensor3D, options: ForwardOptions = {}): ForwardResult {
    return applyLayer(`${this.name}.forward`, this.layer, this.parameters, x, options, { batchFirst: this.batchFirst, random: this.random });
  }

  /** Runs the model with the given parameters (same names and shapes), e.g. to take gradients. */
  apply(params: Params, x: tf.Tensor3D, options: ForwardOptions = {}): ForwardResult {
    return applyLayer(`${this.name}.apply`, this.layer, params, x, options, { batchFirst: this.batchFirst, random: this.random });
  }

  /**
   * A stepper over this model: `step(x_t)` runs one step and carries the state to the next call,
   * giving the numbers of one `forward` over the whole sequence. See {@link RecurrentStepper}.
   */
  stepper(options: StepperOptions = {}): RecurrentStepper {
    return new RecurrentStepper(`${this.name}.stepper`, this.layer, this.parameters, this.random, options);
  }
}

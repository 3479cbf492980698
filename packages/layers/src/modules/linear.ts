// An affine map with PyTorch's nn.Linear names, shapes and initialisation.
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '@rnnkit/core';
import { InputError, checkBoolean, checkInteger, checkKnownOptions, checkParamSpec, checkTensor, describeValue, seededRandom } from '@rnnkit/core';
import { affine } from '@rnnkit/ops';
import { ParameterModule } from './parameter_module.js';

/** Options of {@link linear}: a map from `inFeatures` to `outFeatures`, as `nn.Linear`. */
export interface LinearOptions {
  inFeatures: number;
  outFeatures: number;
  /** Whether the map adds `bias`. @default true */
  bias?: boolean;
  /** Seed of the initial parameters. @default a random seed */
  seed?: number;
}

/** `y = x W^T + b` with `weight` (outFeatures, inFeatures) and `bias` (outFeatures). */
export interface Linear extends ParameterModule {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** `x` (..., inFeatures) to (..., outFeatures). */
  forward(x: tf.Tensor): tf.Tensor;
  /** The same with the given `{ weight, bias }`, e.g. to take gradients. */
  apply(params: Params, x: tf.Tensor): tf.Tensor;
}

class LinearModule extends ParameterModule implements Linear {
  readonly inFeatures: number;
  readonly outFeatures: number;

  constructor(inFeatures: number, outFeatures: number, bias: boolean, seed: number | undefined) {
    // PyTorch's default: weight and bias from uniform(-1/sqrt(in), 1/sqrt(in)).
    const bound = 1 / Math.sqrt(inFeatures);
    super('linear', {
      weight: { shape: [outFeatures, inFeatures], bound },
      ...(bias ? { bias: { shape: [outFeatures], bound } } : {}),
    }, seededRandom(seed));
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
  }

  forward(x: tf.Tensor): tf.Tensor {
    return this.map('linear.forward', this.parameters, x);
  }

  apply(params: Params, x: tf.Tensor): tf.Tensor {
    return this.map('linear.apply', this.checkGiven('apply', params), x);
  }

  private map(fn: string, params: Params, x: unknown): tf.Tensor {
    const input = checkTensor(fn, 'x', x);
    const features = input.shape[input.rank - 1];
    if (input.rank < 1 || features !== this.inFeatures) {
      throw new InputError(fn, 'x', `x must have ${this.inFeatures} features on its last axis (..., inFeatures), got shape [${input.shape.join(', ')}]`);
    }
    const weight = params['weight'];
    if (weight === undefined) throw new Error('internal: linear weight was not checked');
    const bias = params['bias'] as tf.Tensor1D | undefined;
    return tf.tidy(() => {
      // The weight is transposed explicitly: matMul's transpose flags run far slower on wasm.
      const flat = tf.reshape(input, [-1, this.inFeatures]) as tf.Tensor2D;
      const out = affine(flat, tf.transpose(weight) as tf.Tensor2D, bias);
      return tf.reshape(out, [...input.shape.slice(0, -1), this.outFeatures]);
    });
  }
}

/**
 * PyTorch's `nn.Linear`: `y = x W^T + b` on the last axis, `weight` (outFeatures, inFeatures) and
 * `bias` (outFeatures) both from uniform(-1/sqrt(inFeatures), 1/sqrt(inFeatures)); its
 * `stateDict()` loads into `nn.Linear` unchanged and back.
 *
 * - `inFeatures`, `outFeatures`: sizes of the last axis in and out.
 * - `bias`: include `bias`.
 * - `seed`: the initial parameters.
 *
 * @example
 * const head = linear({ inFeatures: 32, outFeatures: 10, seed: 0 });
 * const logits = head.forward(tf.randomNormal([4, 7, 32])); // (4, 7, 10)
 */
export function linear(options: LinearOptions): Linear {
  const fn = 'linear';
  if (typeof options !== 'object' || options === null) {
    throw new InputError(fn, 'options', `options must be an object with inFeatures and outFeatures, got ${describeValue(options)}`);
  }
  checkKnownOptions(fn, 'options', options, ['inFeatures', 'outFeatures', 'bias', 'seed']);
  const inFeatures = checkInteger(fn, 'inFeatures', options.inFeatures, 1);
  const outFeatures = checkInteger(fn, 'outFeatures', options.outFeatures, 1);
  const bias = checkBoolean(fn, 'bias', options.bias ?? true);
  const seed = options.seed === undefined ? undefined : checkInteger(fn, 'seed', options.seed, 0, 2 ** 32 - 1);
  checkParamSpec(fn, inFeatures > outFeatures ? 'inFeatures' : 'outFeatures', { weight: { shape: [outFeatures, inFeatures], bound: 1 } });
  return new LinearModule(inFeatures, outFeatures, bias, seed);
}

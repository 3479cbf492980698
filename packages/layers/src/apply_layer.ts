// The checked entry to running a sequence layer: validates everything a caller passes, handles
// layout, lengths and default state, then runs the layer time-major.
import * as tf from '@tensorflow/tfjs-core';
import type { LengthsInput, Params, RandomSource } from '@rnnkit/core';
import {
  InputError,
  checkKnownOptions,
  checkLengths,
  checkTensor,
  describeValue,
  sequenceMask,
  swapBatchAndTime,
} from '@rnnkit/core';
import type { LayerState, SequenceLayer } from './sequence_layer.js';

/** Options of a forward run. */
export interface ForwardOptions {
  /** Initial state per entry (`h`, `c`), each (slots, N, size); a missing entry starts at zeros. */
  initialState?: Readonly<Record<string, tf.Tensor3D>>;
  /** Per-sample lengths with PyTorch's packed-sequence semantics. @default every sample has T steps */
  lengths?: LengthsInput;
  /** Enables dropout between stacked layers. @default false */
  training?: boolean;
}

/** Result of a forward run. */
export interface ForwardResult {
  /** (T, N, outputSize), or (N, T, outputSize) batch-first; zero past each sample's length. */
  output: tf.Tensor3D;
  /** Final state per entry, (slots, N, size). */
  state: Record<string, tf.Tensor3D>;
}

/** How a caller runs the layer: fixed per model, not per call. */
export interface ApplySettings {
  readonly batchFirst: boolean;
  readonly random: RandomSource;
  /** Run the whole layer from the last step to the first. @default false */
  readonly reverse?: boolean;
}

const FORWARD_OPTIONS = ['initialState', 'lengths', 'training'];

/** Throws unless `params` holds exactly the layer's parameters with their shapes. */
export function checkParams(fn: string, layer: SequenceLayer, params: unknown): Params {
  if (typeof params !== 'object' || params === null) {
    throw new InputError(fn, 'params', `params must be an object of named tensors, got ${describeValue(params)}`);
  }
  const given = params as Record<string, unknown>;
  for (const [name, spec] of Object.entries(layer.paramSpec)) {
    if (!(name in given)) {
      throw new InputError(fn, `params.${name}`, `params.${name} is missing; expected ${Object.keys(layer.paramSpec).join(', ')}`);
    }
    checkTensor(fn, `params.${name}`, given[name], { shape: spec.shape });
  }
  for (const name of Object.keys(given)) {
    if (!(name in layer.paramSpec)) {
      throw new InputError(fn, `params.${name}`, `params.${name} is not a parameter of this layer; expected ${Object.keys(layer.paramSpec).join(', ')}`);
    }
  }
  return given as Params;
}

/**
 * Runs `layer` on `x` after checking every argument. `x` is (T, N, F), or (N, T, F) when
 * `batchFirst`. Returns the output in the same layout and the final state.
 */
export function applyLayer(
  fn: string,
  layer: SequenceLayer,
  params: Params,
  x: tf.Tensor3D,
  options: ForwardOptions,
  settings: ApplySettings,
): ForwardResult {
  const { batchFirst, random, reverse = false } = settings;
  checkKnownOptions(fn, 'options', options, FORWARD_OPTIONS);
  const axes = batchFirst ? '(N, T, F)' : '(T, N, F)';
  const input = checkTensor(fn, 'x', x, { rank: 3, axes }) as tf.Tensor3D;
  const [d0, d1, features] = input.shape;
  const [steps, batch] = batchFirst ? [d1, d0] : [d0, d1];
  if (features !== layer.inputSize) {
    throw new InputError(fn, 'x', `x must have ${layer.inputSize} features on its last axis ${axes}, got shape [${input.shape.join(', ')}]`);
  }
  if (steps < 1 || batch < 1) {
    throw new InputError(fn, 'x', `x must have at least one step and one sample ${axes}, got shape [${input.shape.join(', ')}]`);
  }
  const training = options.training ?? false;
  if (typeof training !== 'boolean') {
    throw new InputError(fn, 'training', `training must be a boolean, got ${describeValue(training)}`);
  }
  const lengths = options.lengths === undefined ? undefined : checkLengths(fn, options.lengths, batch, steps);
  const initial = options.initialState ?? {};
  checkKnownOptions(fn, 'initialState', initial, Object.keys(layer.carrySizes));
  for (const [name, value] of Object.entries(initial)) {
    const size = layer.carrySizes[name] ?? 0;
    checkTensor(fn, `initialState.${name}`, value, { shape: [layer.slots, batch, size], axes: '(slots, N, size)' });
  }
  checkParams(fn, layer, params);
  return tf.tidy(() => {
    const state: Record<string, tf.Tensor3D> = {};
    for (const [name, size] of Object.entries(layer.carrySizes)) {
      state[name] = initial[name] ?? tf.zeros([layer.slots, batch, size]);
    }
    const masked = lengths !== undefined && lengths.some((len) => len < steps);
    const context = { mask: sequenceMask(steps, batch, lengths), masked, reverse, training, random };
    const result = layer.run(params, swapBatchAndTime(input, batchFirst), state as LayerState, context);
    return { output: swapBatchAndTime(result.output, batchFirst), state: { ...result.state } };
  });
}

// The checked entry to running a sequence layer: validates everything a caller passes, handles
// layout, lengths and default state, then runs the layer time-major.
import * as tf from '@tensorflow/tfjs-core';
import type { LengthsInput, Params, RandomSource } from '@rnnkit/core';
import {
  InputError,
  checkBoolean,
  checkKnownOptions,
  checkLengths,
  checkParams,
  checkTensor,
  sequenceMask,
  shape3,
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
  const input = checkTensor(fn, 'x', x, { rank: 3, axes });
  const [d0, d1, features] = shape3(input);
  const [steps, batch] = batchFirst ? [d1, d0] : [d0, d1];
  if (features !== layer.inputSize) {
    throw new InputError(fn, 'x', `x must have ${layer.inputSize} features on its last axis ${axes}, got shape [${input.shape.join(', ')}]`);
  }
  if (steps < 1 || batch < 1) {
    throw new InputError(fn, 'x', `x must have at least one step and one sample ${axes}, got shape [${input.shape.join(', ')}]`);
  }
  const training = checkBoolean(fn, 'training', options.training ?? false);
  const lengths = options.lengths === undefined ? undefined : checkLengths(fn, options.lengths, batch, steps);
  const initial = options.initialState ?? {};
  checkKnownOptions(fn, 'initialState', initial, Object.keys(layer.stateSizes));
  for (const [name, value] of Object.entries(initial)) {
    checkTensor(fn, `initialState.${name}`, value, { shape: [layer.slots, batch, layer.stateSizes[name] ?? null], axes: '(slots, N, size)' });
  }
  checkParams(fn, layer.paramSpec, params);
  return tf.tidy(() => {
    const state: Record<string, tf.Tensor3D> = {};
    for (const [name, size] of Object.entries(layer.stateSizes)) {
      state[name] = initial[name] ?? tf.zeros([layer.slots, batch, size]);
    }
    const masked = lengths !== undefined && lengths.some((len) => len < steps);
    const context = { mask: sequenceMask(steps, batch, lengths), masked, reverse, training, random };
    const result = layer.run(params, swapBatchAndTime(input as tf.Tensor3D, batchFirst), state as LayerState, context);
    return { output: swapBatchAndTime(result.output, batchFirst), state: { ...result.state } };
  });
}

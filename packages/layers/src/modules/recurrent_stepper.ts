// Runs a recurrent module one step at a time, carrying its state between calls, for generating
// token by token or following live input.
import * as tf from '@tensorflow/tfjs-core';
import type { Params, RandomSource } from '@rnnkit/core';
import { InputError, REVERSE_SUFFIX, checkInteger, checkKnownOptions, checkParams, checkTensor, describeValue } from '@rnnkit/core';
import type { LayerState, RunContext, SequenceLayer } from '../recurrent/sequence_layer.js';

/** Options of {@link RecurrentModule.stepper}. */
export interface StepperOptions {
  /** Samples stepped together (N). @default 1 */
  batch?: number;
  /** The state to start from, per entry (`h`, `c`), each (slots, N, size); copied. @default zeros */
  initialState?: Readonly<Record<string, tf.Tensor3D>>;
}

const STEPPER_OPTIONS = ['batch', 'initialState'];

/**
 * A recurrent module's state, advanced one step per {@link step} call: the same numbers as one
 * `forward` over the whole sequence, without the caller passing state back and forth.
 *
 * ```ts
 * const model = lstm({ inputSize: 8, hiddenSize: 16, numLayers: 2, seed: 0 });
 * const s = model.stepper({ batch: 1 });
 * const y1 = s.step(tf.randomNormal([1, 8]));   // (N, outputSize)
 * const y2 = s.step(tf.randomNormal([1, 8]));   // continues from the state after y1
 * s.reset();                                    // back to the initial state
 * s.dispose();                                  // frees the state (the module's weights stay)
 * ```
 *
 * A bidirectional module cannot be stepped: its backward direction needs the whole sequence.
 * Dropout between layers is off, as in an inference `forward`.
 */
export class RecurrentStepper {
  readonly batch: number;
  private readonly fn: string;
  private readonly layer: SequenceLayer;
  private readonly params: Params;
  private readonly context: RunContext;
  private readonly initial: Record<string, tf.Tensor3D>;
  private current: Record<string, tf.Tensor3D>;
  private disposed = false;

  constructor(fn: string, layer: SequenceLayer, params: Params, random: RandomSource, options: StepperOptions = {}) {
    if (typeof fn !== 'string' || fn === '') throw new InputError('RecurrentStepper', 'fn', `fn must be a non-empty string, got ${describeValue(fn)}`);
    if (typeof layer !== 'object' || layer === null || typeof (layer as Partial<SequenceLayer>).run !== 'function') {
      throw new InputError(fn, 'layer', `layer must be a sequence layer (cellLayer, stacked, ...), got ${describeValue(layer)}`);
    }
    checkParams(fn, layer.paramSpec, params);
    if (typeof random !== 'function') throw new InputError(fn, 'random', `random must be a function returning numbers in [0, 1), got ${describeValue(random)}`);
    checkKnownOptions(fn, 'options', options, STEPPER_OPTIONS);
    // PyTorch's names mark the backward direction `_reverse` (bidirectional's contract), and a
    // step cannot run it: it starts from the end of a sequence not yet seen.
    const reversed = Object.keys(layer.paramSpec).find((name) => name.endsWith(REVERSE_SUFFIX));
    if (reversed !== undefined) {
      throw new InputError(fn, 'this', `a bidirectional module cannot be stepped (its backward direction, e.g. ${reversed}, needs the whole sequence); use forward`);
    }
    this.fn = fn;
    this.layer = layer;
    this.params = params;
    this.batch = checkInteger(fn, 'batch', options.batch ?? 1, 1, 2 ** 31 - 1);
    const given = options.initialState ?? {};
    if (typeof given !== 'object' || given === null) {
      throw new InputError(fn, 'initialState', `initialState must be an object of (slots, N, size) tensors, got ${describeValue(given)}`);
    }
    checkKnownOptions(fn, 'initialState', given, Object.keys(layer.stateSizes));
    for (const [name, value] of Object.entries(given)) {
      checkTensor(fn, `initialState.${name}`, value, { shape: [layer.slots, this.batch, layer.stateSizes[name] ?? 0], axes: '(slots, N, size)' });
    }
    this.initial = tf.tidy(() => {
      const state: Record<string, tf.Tensor3D> = {};
      for (const [name, size] of Object.entries(layer.stateSizes)) {
        state[name] = given[name] === undefined ? tf.zeros([layer.slots, this.batch, size]) : tf.clone(given[name] as tf.Tensor3D);
      }
      return state;
    });
    this.current = this.initial;
    // One step, every sample inside its length: no masking.
    const mask = tf.ones([1, this.batch, 1]) as tf.Tensor3D;
    this.context = { mask, masked: false, reverse: false, training: false, random };
  }

  /**
   * Runs one step on `x` (N, inputSize) from the carried state, carries the new state, and returns
   * the step's output (N, outputSize), which the caller disposes.
   */
  step(x: tf.Tensor2D): tf.Tensor2D {
    this.checkLive();
    const input = checkTensor(this.fn, 'x', x, { shape: [this.batch, this.layer.inputSize], axes: '(N, inputSize)' });
    const previous = this.current;
    const { output, state } = tf.tidy(() => {
      const result = this.layer.run(this.params, tf.reshape(input, [1, this.batch, this.layer.inputSize]), previous as LayerState, this.context);
      return { output: tf.reshape(result.output, [this.batch, this.layer.outputSize]) as tf.Tensor2D, state: { ...result.state } };
    });
    if (previous !== this.initial) tf.dispose(Object.values(previous));
    // The carried state outlives any tidy the caller runs the step in.
    for (const t of Object.values(state)) tf.keep(t);
    this.current = state;
    return output;
  }

  /** The carried state per entry, (slots, N, size): live until the next step, reset or dispose. */
  get state(): Readonly<Record<string, tf.Tensor3D>> {
    this.checkLive();
    return this.current;
  }

  /** Goes back to the initial state. */
  reset(): void {
    this.checkLive();
    if (this.current !== this.initial) tf.dispose(Object.values(this.current));
    this.current = this.initial;
  }

  /** Frees the carried and initial state; the module and its weights are untouched. */
  dispose(): void {
    if (this.disposed) return;
    if (this.current !== this.initial) tf.dispose(Object.values(this.current));
    tf.dispose([...Object.values(this.initial), this.context.mask]);
    this.disposed = true;
  }

  private checkLive(): void {
    if (this.disposed) throw new InputError(this.fn, 'this', 'the stepper was already disposed');
  }
}

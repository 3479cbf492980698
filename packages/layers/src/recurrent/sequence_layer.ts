// The contract of a layer that runs over a whole sequence, which cellLayer, bidirectional and
// stacked all meet, so they compose.
import type * as tf from '@tensorflow/tfjs-core';
import type { ParamSpec, Params, RandomSource } from '@rnnkit/core';

/** Per-slot recurrent state: each entry is (slots, N, size), PyTorch's `h_n`/`c_n` layout. */
export type LayerState = Readonly<Record<string, tf.Tensor3D>>;

/** What a layer's run needs besides parameters, input and state; built once per call. */
export interface RunContext {
  /** (T, N, 1): 1 inside each sample's length. */
  readonly mask: tf.Tensor3D;
  /** Whether any sample is shorter than T. */
  readonly masked: boolean;
  /** Run from the last step to the first. */
  readonly reverse: boolean;
  /** Dropout between stacked layers is active only while training. */
  readonly training: boolean;
  readonly random: RandomSource;
}

/**
 * A recurrent layer over a time-major sequence with `slots` independent states (one per layer and
 * direction, indexed `layer * directions + direction` as in PyTorch).
 */
export interface SequenceLayer {
  readonly inputSize: number;
  readonly outputSize: number;
  /** Feature size of each state entry (`h`, `c`, ...), the same in every slot. */
  readonly stateSizes: Readonly<Record<string, number>>;
  readonly slots: number;
  /** Every parameter by its final name (`weight_ih_l0_reverse`). */
  readonly paramSpec: ParamSpec;
  /** Runs on checked inputs: `x` (T, N, inputSize) and a full `state`. */
  run(params: Params, x: tf.Tensor3D, state: LayerState, context: RunContext): { output: tf.Tensor3D; state: LayerState };
}

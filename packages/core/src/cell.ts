// The one contract every recurrent cell meets, and the sequence driver relies on.
import type * as tf from '@tensorflow/tfjs-core';

/** Parameters by name (PyTorch `state_dict` names where PyTorch has the module). */
export type Params = Readonly<Record<string, tf.Tensor>>;

/** The recurrent state a cell passes from one step to the next, by name (`h`, `c`, `y`). */
export type CellState = Readonly<Record<string, tf.Tensor2D>>;

/** What one step returns. (A type, not an interface, so tf.tidy can return it.) */
export type StepResult = {
  /** The state after the step, each entry (N, size). */
  readonly state: CellState;
  /** The step's output `y`, (N, outputSize). */
  readonly output: tf.Tensor2D;
};

/** A step whose parameters were checked and laid out once: `x` (N, inputSize), `state` checked by the caller. */
export type PreparedStep = (x: tf.Tensor2D, state: CellState) => StepResult;

/** How one parameter is shaped and initialised. */
export interface ParamSpecEntry {
  readonly shape: readonly number[];
  /**
   * The scale of the initial values: uniform(-bound, bound), as PyTorch draws every recurrent and
   * Linear parameter (bound 1/sqrt(fan)), or the standard deviation of a `normal` entry.
   */
  readonly bound: number;
  /** `normal` draws N(0, bound²), as PyTorch's nn.Embedding does with bound 1. @default 'uniform' */
  readonly distribution?: 'uniform' | 'normal';
}

/** Every parameter of a cell, by name, in PyTorch's order. */
export type ParamSpec = Readonly<Record<string, ParamSpecEntry>>;

/** Options of a fused whole-sequence run. */
export interface SequenceRunOptions {
  /** (T, N, 1) float32: 1 where step t is inside sample n's length, 0 past it. */
  readonly mask: tf.Tensor3D;
  /** Whether any entry of `mask` is 0; when false the mask may be skipped. */
  readonly masked: boolean;
  /** Run from the last step to the first. */
  readonly reverse: boolean;
}

/** The result of running a cell over a whole sequence. */
export interface SequenceRunResult {
  /** (T, N, outputSize), zero at masked steps. */
  readonly output: tf.Tensor3D;
  /** The state after each sample's last valid step. */
  readonly state: CellState;
}

/**
 * A recurrent cell: one step `(params, x, state) -> { state, output }`, the sizes of its state and
 * its parameter spec. Every call in the toolkit takes `(params, x, state[, options])` in that
 * order: a cell step, a fused sequence, a Tree-LSTM step and a layer run.
 *
 * A cell may also offer `prepare`, which checks and lays out the parameters once so a loop over
 * many steps does not repeat that work, and `sequence`, a fused run over all time steps that must
 * give the same numbers as looping `step`; the sequence driver uses them when present.
 */
export interface Cell {
  /** A short name of the cell and its options, for messages (`lstm`, `gru(resetAfter=false)`). */
  readonly name: string;
  readonly inputSize: number;
  /** Features of `y`, the per-step output. */
  readonly outputSize: number;
  /** State entries in PyTorch's order (`h` then `c`) with their feature sizes. */
  readonly stateSizes: Readonly<Record<string, number>>;
  readonly paramSpec: ParamSpec;
  /** One checked step: `x` is (N, inputSize), each state entry (N, size). */
  step(params: Params, x: tf.Tensor2D, state: CellState): StepResult;
  /** Checks `params` against the spec and lays them out once; the step it returns checks nothing. */
  readonly prepare?: (params: Params) => PreparedStep;
  /** Optional fused run over a time-major sequence `x` (T, N, inputSize). */
  readonly sequence?: (
    params: Params,
    x: tf.Tensor3D,
    state: CellState,
    options: SequenceRunOptions,
  ) => SequenceRunResult;
}

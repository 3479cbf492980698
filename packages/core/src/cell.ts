// The one contract every recurrent cell meets, and the sequence driver relies on.
import type * as tf from '@tensorflow/tfjs-core';

/** Parameters by name (PyTorch `state_dict` names where PyTorch has the module). */
export type Params = Readonly<Record<string, tf.Tensor>>;

/** The recurrent state a cell carries from one step to the next, by name (`h`, `c`, `y`). */
export type Carry = Readonly<Record<string, tf.Tensor2D>>;

/** How one parameter is shaped and initialised. */
export interface ParamSpecEntry {
  readonly shape: readonly number[];
  /** Initialised from uniform(-bound, bound); PyTorch uses 1/sqrt(hidden size) for every parameter. */
  readonly bound: number;
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
  /** The carry after each sample's last valid step. */
  readonly carry: Carry;
}

/**
 * A recurrent cell: one step `(params, carry, x) -> [newCarry, y]`, its initial carry and its
 * parameter spec. A cell may also offer `sequence`, a fused run over all time steps that must give
 * the same numbers as looping `step`; the sequence driver uses it when present.
 */
export interface Cell {
  /** A short name of the cell and its options, for messages (`lstm`, `gru(resetAfter=false)`). */
  readonly name: string;
  readonly inputSize: number;
  /** Features of `y`, the per-step output. */
  readonly outputSize: number;
  /** Carry entries in PyTorch's order (`h` then `c`) with their feature sizes. */
  readonly carrySizes: Readonly<Record<string, number>>;
  readonly paramSpec: ParamSpec;
  /** One step: `x` is (N, inputSize); returns the new carry and `y` (N, outputSize). */
  step(params: Params, carry: Carry, x: tf.Tensor2D): [Carry, tf.Tensor2D];
  /** Optional fused run over a time-major sequence `x` (T, N, inputSize). */
  readonly sequence?: (
    params: Params,
    x: tf.Tensor3D,
    carry: Carry,
    options: SequenceRunOptions,
  ) => SequenceRunResult;
}

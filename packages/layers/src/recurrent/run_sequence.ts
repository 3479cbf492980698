// Runs any cell over a sequence with given parameters: the functional entry point.
import * as tf from '@tensorflow/tfjs-core';
import type { Cell, CellState, LengthsInput, Params } from '@rnnkit/core';
import { InputError, checkBoolean, checkKnownOptions, checkTensor, describeValue, seededRandom, shape3 } from '@rnnkit/core';
import { applyLayer } from './apply_layer.js';
import { cellLayer } from './cell_layer.js';

export interface RunSequenceOptions {
  /** The state to start from, each entry (N, size); a missing entry starts at zeros. @default zeros */
  initialState?: CellState;
  /** Per-sample lengths with PyTorch's packed-sequence semantics. @default every sample has T steps */
  lengths?: LengthsInput;
  /** Run from each sample's last valid step back to the first. @default false */
  reverse?: boolean;
  /** `x` and the output are (N, T, F). @default false */
  batchFirst?: boolean;
}

/** The output sequence and the final state. (A type, not an interface, so tf.tidy can return it.) */
export type RunSequenceResult = {
  /** (T, N, outputSize), or (N, T, outputSize) batch-first; zero past each sample's length. */
  output: tf.Tensor3D;
  /** The state after each sample's last valid step, each entry (N, size). */
  state: Record<string, tf.Tensor2D>;
};

/**
 * Runs `cell` over `x` (T, N, F), or (N, T, F) batch-first, and returns the output sequence
 * (zero past each length) and the state after each sample's last valid step. Uses the cell's
 * fused sequence operation when it has one.
 *
 * @example
 * const cell = gruCell({ inputSize: 4, hiddenSize: 8 });
 * const params = initParams(cell.paramSpec, seededRandom(1));
 * const { output, state } = runSequence(cell, params, tf.randomNormal([10, 2, 4]), { lengths: [10, 7] });
 */
export function runSequence(cell: Cell, params: Params, x: tf.Tensor3D, options: RunSequenceOptions = {}): RunSequenceResult {
  const fn = 'runSequence';
  if (typeof cell !== 'object' || cell === null || typeof cell.step !== 'function') {
    throw new InputError(fn, 'cell', `cell must be a cell (lstmCell, gruCell, ...), got ${describeValue(cell)}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new InputError(fn, 'options', `options must be an object, got ${describeValue(options)}`);
  }
  checkKnownOptions(fn, 'options', options, ['initialState', 'lengths', 'reverse', 'batchFirst']);
  const reverse = checkBoolean(fn, 'reverse', options.reverse ?? false);
  const batchFirst = checkBoolean(fn, 'batchFirst', options.batchFirst ?? false);
  const input = checkTensor(fn, 'x', x, { rank: 3, axes: batchFirst ? '(N, T, F)' : '(T, N, F)' });
  const batch = shape3(input)[batchFirst ? 0 : 1];
  const initial = options.initialState ?? {};
  checkKnownOptions(fn, 'initialState', initial, Object.keys(cell.stateSizes));
  for (const [name, value] of Object.entries(initial)) {
    checkTensor(fn, `initialState.${name}`, value, { shape: [batch, cell.stateSizes[name] ?? null], axes: '(N, size)' });
  }
  return tf.tidy(() => {
    const initialState: Record<string, tf.Tensor3D> = {};
    for (const [name, value] of Object.entries(initial)) initialState[name] = tf.expandDims(value, 0);
    const forwardOptions = options.lengths === undefined ? { initialState } : { initialState, lengths: options.lengths };
    const result = applyLayer(fn, cellLayer(cell), params, x, forwardOptions, {
      batchFirst,
      random: seededRandom(0),
      reverse,
    });
    const state: Record<string, tf.Tensor2D> = {};
    for (const [name, value] of Object.entries(result.state)) state[name] = tf.squeeze(value, [0]);
    return { output: result.output, state };
  });
}

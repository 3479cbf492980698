// Runs any cell over a sequence with given parameters: the functional entry point.
import * as tf from '@tensorflow/tfjs-core';
import type { Carry, Cell, LengthsInput, Params } from '@rnnkit/core';
import { InputError, checkBoolean, checkKnownOptions, checkTensor, describeValue, seededRandom } from '@rnnkit/core';
import { applyLayer } from './apply_layer.js';
import { cellLayer } from './cell_layer.js';

/** Options of `runSequence`. */
export interface RunSequenceOptions {
  /** The carry to start from, each entry (N, size). @default zeros */
  initialCarry?: Carry;
  /** Per-sample lengths with PyTorch's packed-sequence semantics. @default every sample has T steps */
  lengths?: LengthsInput;
  /** Run from each sample's last valid step back to the first. @default false */
  reverse?: boolean;
  /** `x` and the output are (N, T, F). @default false */
  batchFirst?: boolean;
}

/**
 * Runs `cell` over `x` (T, N, F), or (N, T, F) batch-first, and returns the output sequence
 * (zero past each length) and the carry after each sample's last valid step. Uses the cell's
 * fused sequence operation when it has one.
 *
 * @example
 * const cell = gruCell({ inputSize: 4, hiddenSize: 8 });
 * const params = initParams(cell.paramSpec, seededRandom(1));
 * const { output, carry } = runSequence(cell, params, tf.randomNormal([10, 2, 4]), { lengths: [10, 7] });
 */
export function runSequence(
  cell: Cell,
  params: Params,
  x: tf.Tensor3D,
  options: RunSequenceOptions = {},
): { output: tf.Tensor3D; carry: Record<string, tf.Tensor2D> } {
  const fn = 'runSequence';
  if (typeof cell !== 'object' || cell === null || typeof cell.step !== 'function') {
    throw new InputError(fn, 'cell', `cell must be a cell (lstmCell, gruCell, ...), got ${describeValue(cell)}`);
  }
  checkKnownOptions(fn, 'options', options, ['initialCarry', 'lengths', 'reverse', 'batchFirst']);
  const reverse = checkBoolean(fn, 'reverse', options.reverse ?? false);
  const batchFirst = checkBoolean(fn, 'batchFirst', options.batchFirst ?? false);
  const input = checkTensor(fn, 'x', x, { rank: 3, axes: batchFirst ? '(N, T, F)' : '(T, N, F)' });
  const batch = input.shape[batchFirst ? 0 : 1] ?? 0;
  const initial = options.initialCarry ?? {};
  checkKnownOptions(fn, 'initialCarry', initial, Object.keys(cell.carrySizes));
  for (const [name, value] of Object.entries(initial)) {
    checkTensor(fn, `initialCarry.${name}`, value, { shape: [batch, cell.carrySizes[name] ?? 0], axes: '(N, size)' });
  }
  return tf.tidy(() => {
    const initialState: Record<string, tf.Tensor3D> = {};
    for (const [name, value] of Object.entries(initial)) initialState[name] = tf.expandDims(value, 0) as tf.Tensor3D;
    const forwardOptions = options.lengths === undefined ? { initialState } : { initialState, lengths: options.lengths };
    const result = applyLayer(fn, cellLayer(cell), params, x, forwardOptions, {
      batchFirst,
      random: seededRandom(0),
      reverse,
    });
    const carry: Record<string, tf.Tensor2D> = {};
    for (const [name, value] of Object.entries(result.state)) carry[name] = tf.squeeze(value, [0]) as tf.Tensor2D;
    return { output: result.output, carry };
  });
}

// Runs one cell over a time-major sequence on checked inputs: the fused operation when the cell
// has one, otherwise a loop over its prepared step with the packed-sequence masking.
import * as tf from '@tensorflow/tfjs-core';
import type { Cell, CellState, Params, PreparedStep, SequenceRunOptions, SequenceRunResult } from '@rnnkit/core';
import { stepSlices } from '@rnnkit/ops';

export function runCell(cell: Cell, params: Params, x: tf.Tensor3D, state: CellState, options: SequenceRunOptions): SequenceRunResult {
  if (cell.sequence !== undefined) return cell.sequence(params, x, state, options);
  // Parameters are checked and laid out once per sequence, not at every step; a cell without
  // `prepare` (one written outside the toolkit) runs its checked step.
  const step: PreparedStep = cell.prepare?.(params) ?? ((xt, s) => cell.step(params, xt, s));
  // Halving slices, as the fused operations do: tf.unstack copies all of x once per step on wasm.
  const inputs = stepSlices(x);
  const keep = options.masked ? stepSlices(options.mask) : undefined;
  const ys = new Array<tf.Tensor2D>(inputs.length);
  let current = state;
  for (let k = 0; k < inputs.length; k++) {
    const t = options.reverse ? inputs.length - 1 - k : k;
    const next = step(inputs[t] as tf.Tensor2D, current);
    const m = keep?.[t];
    if (m === undefined) {
      current = next.state;
      ys[t] = next.output;
    } else {
      // Past a sample's length its state is held and its output is zero (packed semantics).
      const hold = tf.sub(1, m);
      const blended: Record<string, tf.Tensor2D> = {};
      for (const name of Object.keys(cell.stateSizes)) {
        const before = current[name];
        const after = next.state[name];
        if (before === undefined || after === undefined) throw new Error(`internal: ${cell.name} dropped state entry ${name}`);
        blended[name] = tf.add(tf.mul(m, after), tf.mul(hold, before));
      }
      current = blended;
      ys[t] = tf.mul(m, next.output);
    }
  }
  return { output: tf.stack(ys) as tf.Tensor3D, state: current };
}

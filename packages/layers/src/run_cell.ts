// Runs one cell over a time-major sequence on checked inputs: the fused operation when the cell
// has one, otherwise a loop over its step with the packed-sequence masking.
import * as tf from '@tensorflow/tfjs-core';
import type { Carry, Cell, Params, SequenceRunOptions, SequenceRunResult } from '@rnnkit/core';

export function runCell(cell: Cell, params: Params, x: tf.Tensor3D, carry: Carry, options: SequenceRunOptions): SequenceRunResult {
  if (cell.sequence !== undefined) return cell.sequence(params, x, carry, options);
  const steps = x.shape[0];
  const inputs = tf.unstack(x) as tf.Tensor2D[];
  const keep = options.masked ? (tf.unstack(options.mask) as tf.Tensor2D[]) : undefined;
  const ys = new Array<tf.Tensor2D>(steps);
  let state = carry;
  for (let k = 0; k < steps; k++) {
    const t = options.reverse ? steps - 1 - k : k;
    const [next, y] = cell.step(params, state, inputs[t] as tf.Tensor2D);
    const m = keep?.[t];
    if (m === undefined) {
      state = next;
      ys[t] = y;
    } else {
      // Past a sample's length its state is held and its output is zero (packed semantics).
      const hold = tf.sub(1, m);
      const blended: Record<string, tf.Tensor2D> = {};
      for (const name of Object.keys(cell.carrySizes)) {
        blended[name] = tf.add(tf.mul(m, next[name] as tf.Tensor2D), tf.mul(hold, state[name] as tf.Tensor2D)) as tf.Tensor2D;
      }
      state = blended;
      ys[t] = tf.mul(m, y) as tf.Tensor2D;
    }
  }
  return { output: tf.stack(ys) as tf.Tensor3D, carry: state };
}

// The loss and gradient of one shard on one replica, written into a flat buffer (internal).
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import type { ShardEntry, VariableLayout } from './data_parallel_protocol.js';
import type { Replica } from './replica.js';

/**
 * Runs `replica.loss` on the shard and writes each variable's gradient at its offset in `out`
 * (zeros where the loss does not reach a variable, flagged in `hasGradient`). Every tensor it
 * makes is disposed before it returns.
 */
export function shardGradients(
  replica: Replica,
  layout: readonly VariableLayout[],
  shard: readonly ShardEntry[],
  out: Float32Array,
): { loss: number; hasGradient: boolean[] } {
  const fn = 'DataParallel.trainStep';
  const batch: Record<string, tf.Tensor> = {};
  for (const entry of shard) batch[entry.name] = tf.tensor(entry.data, entry.shape, entry.dtype);
  const list = layout.map((l) => replica.variables[l.name] as tf.Variable);
  try {
    const { value, grads } = tf.variableGrads(() => {
      const result = replica.loss(batch);
      if (!(result instanceof tf.Tensor) || result.rank !== 0) {
        throw new InputError(fn, 'loss', `replica.loss must return a scalar tensor, got ${describeValue(result)}`);
      }
      return result;
    }, list);
    const hasGradient = layout.map((l, i) => {
      const g = grads[(list[i] as tf.Variable).name];
      if (g === undefined) out.fill(0, l.offset, l.offset + l.size);
      else out.set(g.dataSync() as Float32Array, l.offset);
      return g !== undefined;
    });
    const loss = value.dataSync()[0] ?? NaN;
    tf.dispose([value, ...Object.values(grads)]);
    return { loss, hasGradient };
  } finally {
    tf.dispose(Object.values(batch));
  }
}

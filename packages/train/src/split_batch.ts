// Splits a batch of tensors into contiguous shards along each entry's batch axis (internal).
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import type { ShardEntry } from './data_parallel_protocol.js';

/** The sizes of `shards` contiguous parts of `n` samples: the first `n % shards` one larger. */
export function shardSizes(n: number, shards: number): number[] {
  return Array.from({ length: shards }, (_, k) => Math.floor(n / shards) + (k < n % shards ? 1 : 0));
}

/**
 * Checks the batch and splits it into at most `maxShards` shards (fewer when it has fewer
 * samples). `batchAxes` overrides the batch axis by entry name: 1 for entries of rank 2 and
 * more (time-major, as PyTorch's recurrent modules), 0 for rank 1 (lengths, per-sample labels).
 */
export function splitBatch(
  fn: string,
  batch: unknown,
  batchAxes: Readonly<Record<string, number>>,
  maxShards: number,
): { shards: ShardEntry[][]; sizes: number[] } {
  if (typeof batch !== 'object' || batch === null || Array.isArray(batch) || Object.keys(batch).length === 0) {
    throw new InputError(fn, 'batch', `batch must be a non-empty object of named tensors, got ${describeValue(batch)}`);
  }
  const entries = Object.entries(batch as Record<string, unknown>);
  for (const name of Object.keys(batchAxes)) {
    if (!(name in batch)) throw new InputError(fn, `batchAxes.${name}`, `batchAxes names ${JSON.stringify(name)}, which batch does not have; batch has ${Object.keys(batch).join(', ')}`);
  }
  let n: number | undefined;
  let first = '';
  const checked = entries.map(([name, t]) => {
    if (!(t instanceof tf.Tensor) || (t.dtype !== 'float32' && t.dtype !== 'int32') || t.rank === 0) {
      throw new InputError(fn, `batch.${name}`, `batch.${name} must be a float32 or int32 tensor of rank >= 1, got ${describeValue(t)}`);
    }
    const axis = batchAxes[name] ?? (t.rank === 1 ? 0 : 1);
    if (!Number.isInteger(axis) || axis < 0 || axis >= t.rank) {
      throw new InputError(fn, `batchAxes.${name}`, `batchAxes.${name} must be an axis of batch.${name} (rank ${t.rank}), got ${describeValue(axis)}`);
    }
    const size = t.shape[axis] as number;
    if (n === undefined) {
      n = size;
      first = name;
    } else if (size !== n) {
      throw new InputError(fn, `batch.${name}`, `batch.${name} has ${size} samples on axis ${axis}, batch.${first} has ${n}: every entry must hold the same samples`);
    }
    return { name, tensor: t, axis };
  });
  if (n === undefined || n === 0) throw new InputError(fn, 'batch', 'batch must hold at least one sample, got 0');
  const sizes = shardSizes(n, Math.min(maxShards, n));
  const shards: ShardEntry[][] = sizes.map(() => []);
  for (const { name, tensor, axis } of checked) {
    const data = tensor.dataSync() as Float32Array | Int32Array;
    const outer = tensor.shape.slice(0, axis).reduce((a: number, b: number) => a * b, 1);
    const inner = tensor.shape.slice(axis + 1).reduce((a: number, b: number) => a * b, 1);
    let start = 0;
    sizes.forEach((size, k) => {
      const part = tensor.dtype === 'float32' ? new Float32Array(outer * size * inner) : new Int32Array(outer * size * inner);
      for (let o = 0; o < outer; o++) {
        const from = (o * (n as number) + start) * inner;
        part.set(data.subarray(from, from + size * inner), o * size * inner);
      }
      const shape = [...tensor.shape];
      shape[axis] = size;
      (shards[k] as ShardEntry[]).push({ name, dtype: tensor.dtype as 'float32' | 'int32', shape, data: part });
      start += size;
    });
  }
  return { shards, sizes };
}

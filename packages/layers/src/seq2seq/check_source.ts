// Checks of the token batches an encoder-decoder reads.
import * as tf from '@tensorflow/tfjs-core';
import type { LengthsInput } from '@rnnkit/core';
import { InputError, checkKnownOptions, checkLengths, checkTensor, describeValue, shape2 } from '@rnnkit/core';

/** A batch of source sequences: token ids (N, Ts) int32 and each sample's length. */
export interface SourceBatch {
  tokens: tf.Tensor2D;
  /** @default every sample has Ts tokens */
  lengths?: LengthsInput;
}

/** Checks token ids (N, T) int32 in [0, vocab), with `batch` rows when given. */
export function checkTokens(method: string, argument: string, tokens: unknown, vocab: number, batch?: number): tf.Tensor2D {
  const t = checkTensor(method, argument, tokens, { shape: [batch ?? null, null], axes: '(N, T)', dtype: 'int32' }) as tf.Tensor2D;
  const [rows, steps] = shape2(t);
  if (rows < 1 || steps < 1) {
    throw new InputError(method, argument, `${argument} must have at least one sample and one step (N, T), got shape [${t.shape.join(', ')}]`);
  }
  const values = t.dataSync();
  const bad = values.findIndex((v) => v < 0 || v >= vocab);
  if (bad !== -1) {
    throw new InputError(method, argument, `${argument} holds token ids in [0, ${vocab - 1}], got ${values[bad]} at flat index ${bad}`);
  }
  return t;
}

/** Checks a source batch; every sample must have at least one token. */
export function checkSource(method: string, source: unknown, vocab: number): { tokens: tf.Tensor2D; lengths: Int32Array } {
  if (typeof source !== 'object' || source === null || source instanceof tf.Tensor) {
    throw new InputError(method, 'source', `source must be an object {tokens, lengths?}, got ${describeValue(source)}`);
  }
  checkKnownOptions(method, 'source', source, ['tokens', 'lengths']);
  const { tokens, lengths } = source as SourceBatch;
  const t = checkTokens(method, 'source.tokens', tokens, vocab);
  const [batch, steps] = shape2(t);
  const lens = lengths === undefined ? new Int32Array(batch).fill(steps) : checkLengths(method, lengths, batch, steps, { argument: 'source.lengths', bound: `source.tokens has T=${steps} steps` });
  const empty = lens.findIndex((len) => len < 1);
  if (empty !== -1) throw new InputError(method, 'source.lengths', `source.lengths[${empty}] must be at least 1, got 0`);
  return { tokens: t, lengths: lens };
}

// The contract of the module that `DataParallel` loads once in every thread: one model replica.
import type * as tf from '@tensorflow/tfjs-core';

/**
 * One copy of a model that computes the loss of a batch. The module given to `DataParallel`
 * exports `createReplica(options)` returning one (or a promise of one); it sets up its thread's
 * backend itself, since each worker thread starts with none.
 *
 * The loss must be the mean over the batch's samples (as PyTorch's default `reduction='mean'`):
 * `DataParallel` weights each shard's loss and gradient by its share of the samples, which
 * gives the whole batch's mean exactly.
 *
 * @example
 * export async function createReplica(options: { hiddenSize: number }): Promise<Replica> {
 *   await tf.setBackend('wasm');
 *   const rnn = lstm({ inputSize: 8, hiddenSize: options.hiddenSize, seed: 0 });
 *   return { variables: rnn.parameters, loss: (b) => tf.mean(tf.square(tf.sub(rnn.forward(b.x as tf.Tensor3D).output, b.y))) };
 * }
 */
export interface Replica {
  /** Every variable the loss depends on, by name; the same names and shapes in every thread. */
  readonly variables: Readonly<Record<string, tf.Variable>>;
  /** The scalar mean loss of a batch (or shard): the entries as `DataParallel.trainStep` got them, split on their batch axes. */
  loss(batch: Readonly<Record<string, tf.Tensor>>): tf.Scalar;
  /** Frees the replica's tensors when its thread closes. @default nothing to free */
  dispose?(): void;
}

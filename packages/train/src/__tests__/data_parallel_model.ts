// The model and batches of the data-parallel tests, in Node and in the browser: an LSTM with a
// linear head, whatever backend the replica module sets up.
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@rnnkit/core';
import { lstm } from '@rnnkit/layers';
import type { Replica } from '../replica.js';

export interface ReplicaOptions {
  inputSize: number;
  hiddenSize: number;
  outputs: number;
}

/** LSTM(inputSize -> hiddenSize), then a (hiddenSize -> outputs) head; mean squared error over every step and sample. */
export function lstmRegression(options: ReplicaOptions): Replica {
  const { inputSize, hiddenSize, outputs } = options;
  const rnn = lstm({ inputSize, hiddenSize, seed: 3 });
  const head = tf.tidy(() => tf.variable(tf.randomUniform([hiddenSize, outputs], -0.5, 0.5, 'float32', 4)));
  return {
    variables: { ...rnn.parameters, 'head.weight': head },
    loss(batch) {
      const x = batch['x'] as tf.Tensor3D;
      const y = batch['y'] as tf.Tensor3D;
      const [T, N] = x.shape;
      const lengths = batch['lengths'];
      const { output } = rnn.forward(x, lengths === undefined ? {} : { lengths: Array.from(lengths.dataSync()) });
      const prediction = tf.reshape(tf.matMul(tf.reshape(output, [T * N, hiddenSize]), head), [T, N, outputs]);
      return tf.mean(tf.square(tf.sub(prediction, y)));
    },
    dispose() {
      rnn.dispose();
      head.dispose();
    },
  };
}

/** Batch `k` of `n` samples over `T` steps: inputs, targets and lengths, deterministic in k. */
export function regressionBatch(options: ReplicaOptions, k: number, T: number, lengths: readonly number[]): Record<string, tf.Tensor> {
  const r = seededRandom(77 + k);
  const n = lengths.length;
  return {
    x: tf.tensor3d(Array.from({ length: T * n * options.inputSize }, () => r() * 2 - 1), [T, n, options.inputSize]),
    y: tf.tensor3d(Array.from({ length: T * n * options.outputs }, () => r()), [T, n, options.outputs]),
    lengths: tf.tensor1d([...lengths], 'int32'),
  };
}

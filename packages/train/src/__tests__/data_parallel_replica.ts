// The replica module of the data-parallel tests: an LSTM with a linear head on the wasm backend.
import * as tf from '@tensorflow/tfjs-core';
import '@rnnkit/backend-cpu-wasm';
import { lstm } from '@rnnkit/layers';
import { useBackend } from '@rnnkit/testing';
import type { Replica } from '../replica.js';

export interface ReplicaOptions {
  inputSize: number;
  hiddenSize: number;
  outputs: number;
}

/** LSTM(inputSize -> hiddenSize), then a (hiddenSize -> outputs) head; mean squared error over every step and sample. */
export async function createReplica(options: ReplicaOptions): Promise<Replica> {
  await useBackend('wasm');
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

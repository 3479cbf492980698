// The replica module of `pnpm bench --threads`: a bench case's model, loaded in every thread.
import * as tf from '@tensorflow/tfjs-core';
import '@rnnkit/backend-cpu-wasm';
import { gru, lstm } from '@rnnkit/layers';
import { startBackend } from './start_backend.js';
import type { Replica } from '@rnnkit/train/node';
import type { RecurrentCase } from './cases.js';

export interface ThreadsReplicaOptions {
  readonly backend: string;
  readonly case: RecurrentCase;
}

/**
 * The case's model; the loss of a batch `{x, cotangent}` is `sum(output * cotangent) / N`, whose
 * gradient at the output is the cotangent over the batch size: the bench's training step with
 * the mean over samples that data-parallel shards combine by.
 */
export async function createReplica(options: ThreadsReplicaOptions): Promise<Replica> {
  await startBackend(options.backend);
  const c = options.case;
  const make = c.cell === 'lstm' ? lstm : gru;
  const model = make({ inputSize: c.inputSize, hiddenSize: c.hiddenSize, numLayers: c.numLayers, bidirectional: c.bidirectional, seed: 0 });
  return {
    variables: model.parameters,
    loss: (batch) => {
      const x = batch['x'] as tf.Tensor3D;
      const { output } = model.forward(x);
      return tf.div(tf.sum(tf.mul(output, batch['cotangent'] as tf.Tensor)), x.shape[1]);
    },
    dispose: () => model.dispose(),
  };
}

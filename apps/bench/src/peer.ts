// tf.layers on a benchmark case: the peer the project is measured against.
import * as tf from '@tensorflow/tfjs';
import type { RecurrentCase, StreamCase } from './cases.js';
import type { Runner } from './ours.js';

/** tf.layers.lstm / gru, stacked, wrapped in tf.layers.bidirectional where the case is. */
export function peerRunner(c: RecurrentCase): Runner {
  const model = tf.sequential();
  for (let l = 0; l < c.numLayers; l++) {
    const inputShape = l === 0 ? { inputShape: [c.steps, c.inputSize] } : {};
    // glorotUniform instead of the default orthogonal recurrent initializer: the orthogonal one
    // is slow to build and does not change the timing.
    const config = { units: c.hiddenSize, returnSequences: true, recurrentInitializer: 'glorotUniform' as const };
    const make = (extra: object) => (c.cell === 'lstm' ? tf.layers.lstm({ ...config, ...extra }) : tf.layers.gru({ ...config, ...extra }));
    model.add(c.bidirectional ? tf.layers.bidirectional({ layer: make({}) as tf.RNN, mergeMode: 'concat', ...inputShape }) : make(inputShape));
  }
  const x = tf.variable(tf.randomNormal([c.batch, c.steps, c.inputSize], 0, 1, 'float32', 1));
  const outputSize = c.hiddenSize * (c.bidirectional ? 2 : 1);
  const cotangent = tf.randomNormal([c.batch, c.steps, outputSize], 0, 1, 'float32', 2);
  const variables = [...model.trainableWeights.map((w) => w.read() as tf.Variable), x];
  return {
    forward() {
      tf.tidy(() => {
        (model.apply(x) as tf.Tensor).dataSync();
      });
    },
    trainStep() {
      const { value, grads } = tf.engine().gradients(() => model.apply(x, { training: true }) as tf.Tensor, variables, cotangent);
      (grads[0] as tf.Tensor).dataSync();
      tf.dispose([value, ...grads]);
    },
    dispose() {
      model.dispose();
      tf.dispose([x, cotangent]);
    },
  };
}

/**
 * tf.layers streaming: stateful LSTM layers at batch 1 (their state carried between `predict`
 * calls), one token per call; `forward()` runs the case's tokens.
 */
export function peerStreamRunner(c: StreamCase): Runner {
  const model = tf.sequential();
  for (let l = 0; l < c.numLayers; l++) {
    const shape = l === 0 ? { batchInputShape: [1, 1, c.hiddenSize] } : {};
    model.add(tf.layers.lstm({ units: c.hiddenSize, stateful: true, returnSequences: true, recurrentInitializer: 'glorotUniform', ...shape }));
  }
  const token = tf.randomNormal([1, 1, c.hiddenSize], 0, 1, 'float32', 1);
  return {
    forward() {
      for (let k = 0; k < c.tokens; k++) {
        const y = model.predict(token) as tf.Tensor;
        y.dataSync();
        y.dispose();
      }
    },
    trainStep() {
      throw new Error('a streaming case has no training step');
    },
    dispose() {
      model.dispose();
      token.dispose();
    },
  };
}

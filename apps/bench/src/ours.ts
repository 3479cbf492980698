// The project's layers on a benchmark case: a forward pass and a training step.
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentModule } from '@rnnkit/layers';
import { gru, lstm } from '@rnnkit/layers';
import type { RecurrentCase } from './cases.js';

export interface Runner {
  forward(): void;
  trainStep(): void;
  dispose(): void;
}

/** The project's model on a case, whose weights the native reference reuses. */
export interface OursRunner extends Runner {
  stateDict(): Record<string, tf.Tensor>;
}

/** Builds the model, an input and a cotangent for the case (time-major, as PyTorch). */
export function oursRunner(c: RecurrentCase): OursRunner {
  const make = c.cell === 'lstm' ? lstm : gru;
  const model: RecurrentModule = make({ inputSize: c.inputSize, hiddenSize: c.hiddenSize, numLayers: c.numLayers, bidirectional: c.bidirectional, seed: 0 });
  const x = tf.variable(tf.randomNormal([c.steps, c.batch, c.inputSize], 0, 1, 'float32', 1));
  const outputSize = c.hiddenSize * (c.bidirectional ? 2 : 1);
  const cotangent = tf.randomNormal([c.steps, c.batch, outputSize], 0, 1, 'float32', 2);
  const variables = [...Object.values(model.parameters), x];
  return {
    forward() {
      tf.tidy(() => {
        model.forward(x as tf.Tensor3D).output.dataSync();
      });
    },
    trainStep() {
      // The output's gradient is the cotangent itself: no loss function adds its own cost.
      const { value, grads } = tf.engine().gradients(() => model.forward(x as tf.Tensor3D).output, variables, cotangent);
      (grads[0] as tf.Tensor).dataSync();
      tf.dispose([value, ...grads]);
    },
    stateDict: () => model.stateDict(),
    dispose() {
      model.dispose();
      tf.dispose([x, cotangent]);
    },
  };
}

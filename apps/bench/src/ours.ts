// The project's layers on a benchmark case: a forward pass and a training step.
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentModule } from '@rnnkit/layers';
import { gru, lstm } from '@rnnkit/layers';
import type { RecurrentCase, StreamCase } from './cases.js';

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

/** Our streaming: a stepper over the model, one token per call; `forward()` runs the case's tokens. */
export function oursStreamRunner(c: StreamCase): Runner {
  const model = lstm({ inputSize: c.hiddenSize, hiddenSize: c.hiddenSize, numLayers: c.numLayers, seed: 0 });
  const stepper = model.stepper({ batch: 1 });
  const token = tf.randomNormal([1, c.hiddenSize], 0, 1, 'float32', 1) as tf.Tensor2D;
  return {
    forward() {
      for (let k = 0; k < c.tokens; k++) {
        const y = stepper.step(token);
        y.dataSync();
        y.dispose();
      }
    },
    trainStep() {
      throw new Error('a streaming case has no training step');
    },
    dispose() {
      stepper.dispose();
      model.dispose();
      token.dispose();
    },
  };
}

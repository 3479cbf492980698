// The project's CTC loss on the CTC case: a forward pass (the loss) and a training step (the
// loss and its gradient with respect to the logits).
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@rnnkit/core';
import { ctcLoss } from '@rnnkit/losses';
import type { CtcCase } from './cases.js';
import type { Runner } from './ours.js';

export function ctcRunner(c: CtcCase): Runner {
  const random = seededRandom(3);
  const logits = tf.variable(tf.randomNormal([c.steps, c.batch, c.classes], 0, 1, 'float32', 4));
  const labels = Array.from({ length: c.batch }, () =>
    Array.from({ length: c.targetLength }, () => 1 + Math.floor(random() * (c.classes - 1))),
  );
  const targets = tf.tensor2d(labels.flat(), [c.batch, c.targetLength], 'int32');
  const inputLengths = new Array<number>(c.batch).fill(c.steps);
  const targetLengths = new Array<number>(c.batch).fill(c.targetLength);
  const loss = (): tf.Tensor => ctcLoss(logits as tf.Tensor3D, targets, inputLengths, targetLengths, { fromLogits: true });
  return {
    forward() {
      tf.tidy(() => {
        loss().dataSync();
      });
    },
    trainStep() {
      const { value, grads } = tf.engine().gradients(() => loss() as tf.Scalar, [logits]);
      (grads[0] as tf.Tensor).dataSync();
      tf.dispose([value, ...grads]);
    },
    dispose() {
      tf.dispose([logits, targets]);
    },
  };
}

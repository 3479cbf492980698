// Teacher forcing: every decoder step reads the true previous target token.
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '@rnnkit/core';
import { checkBoolean, checkKnownOptions, shape2 } from '@rnnkit/core';
import { checkSource, checkTokens } from './check_source.js';
import type { SourceBatch } from './check_source.js';
import type { Seq2SeqModel } from './seq2seq_model.js';
import { group, startDecoding } from './seq2seq_model.js';

/** Result of a teacher-forced pass. (A type, not an interface, so tf.tidy can return it.) */
export type TeacherForcedResult = {
  /** (N, T, targetVocab): step t predicts `target[:, t]` from `start, target[:, :t]`. */
  logits: tf.Tensor3D;
  /** (N, T, Ts): attention of each decoder step over the source. */
  weights: tf.Tensor3D;
};

/** Runs the decoder over `target` (N, T) with the true previous token at each step. */
export function teacherForced(
  model: Seq2SeqModel,
  method: string,
  params: Params,
  source: SourceBatch,
  target: tf.Tensor2D,
  options: { training?: boolean } = {},
): TeacherForcedResult {
  checkKnownOptions(method, 'options', options, ['training']);
  const training = checkBoolean(method, 'training', options.training ?? false);
  const checked = checkSource(method, source, model.sourceVocab);
  const [batch] = shape2(checked.tokens);
  const targetTokens = checkTokens(method, 'target', target, model.targetVocab, batch);
  const steps = shape2(targetTokens)[1];
  return tf.tidy(() => {
    const run = startDecoding(model, method, params, checked, training);
    // Step t reads the true token t-1 (the start token at t = 0); all of them embedded at once.
    const inputs = tf.concat([tf.fill([batch, 1], model.startToken, 'int32'), tf.slice(targetTokens, [0, 0], [batch, steps - 1])], 1);
    const embedded = model.targetEmbedding.apply(group(params, 'target_embedding.'), inputs) as tf.Tensor3D;
    let state = run.initialState;
    const logits: tf.Tensor2D[] = [];
    const weights: tf.Tensor2D[] = [];
    for (let t = 0; t < steps; t++) {
      const column = tf.reshape(tf.slice(embedded, [0, t, 0], [batch, 1, -1]), [batch, -1]) as tf.Tensor2D;
      const step = run.step(state, column);
      state = step.state;
      logits.push(step.logits);
      weights.push(step.weights);
    }
    return { logits: tf.stack(logits, 1) as tf.Tensor3D, weights: tf.stack(weights, 1) as tf.Tensor3D };
  });
}

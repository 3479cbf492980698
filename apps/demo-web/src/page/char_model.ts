// A small character language model for the page: embedding -> LSTM -> linear head.
import * as tf from '@tensorflow/tfjs-core';
import { initParams, seededRandom } from '@rnnkit/core';
import type { RecurrentModule } from '@rnnkit/layers';
import { lstm } from '@rnnkit/layers';
import { affine } from '@rnnkit/ops';

export interface CharModelOptions {
  vocabularySize: number;
  /** @default 16 */
  embeddingSize?: number;
  /** @default 96 */
  hiddenSize?: number;
  /** @default 0 */
  seed?: number;
}

type State = Record<string, tf.Tensor3D>;

/** Embedding -> LSTM -> linear head; `loss` for training, `sample` for generated text. */
export class CharModel {
  readonly rnn: RecurrentModule;
  readonly embedding: tf.Variable;
  readonly headWeight: tf.Variable;
  readonly headBias: tf.Variable;
  readonly vocabularySize: number;
  private readonly random: () => number;

  constructor(options: CharModelOptions) {
    const { vocabularySize, embeddingSize = 16, hiddenSize = 96, seed = 0 } = options;
    this.vocabularySize = vocabularySize;
    this.random = seededRandom(seed + 1);
    this.rnn = lstm({ inputSize: embeddingSize, hiddenSize, seed });
    const init = initParams(
      {
        embedding: { shape: [vocabularySize, embeddingSize], bound: 1 },
        head_weight: { shape: [hiddenSize, vocabularySize], bound: 1 / Math.sqrt(hiddenSize) },
        head_bias: { shape: [vocabularySize], bound: 1 / Math.sqrt(hiddenSize) },
      },
      seededRandom(seed + 2),
    );
    this.embedding = tf.variable(init['embedding'] as tf.Tensor);
    this.headWeight = tf.variable(init['head_weight'] as tf.Tensor);
    this.headBias = tf.variable(init['head_bias'] as tf.Tensor);
    tf.dispose(Object.values(init));
  }

  variables(): tf.Variable[] {
    return [...Object.values(this.rnn.parameters), this.embedding, this.headWeight, this.headBias];
  }

  /** Logits (T*N, V) for time-major ids (T, N). */
  private logits(ids: tf.Tensor2D, state: State | undefined): { logits: tf.Tensor2D; state: State } {
    const [steps, batch] = ids.shape;
    // One-hot times the table rather than tf.gather, whose gradient some backends lack.
    const oneHot = tf.oneHot(tf.reshape(ids, [-1]) as tf.Tensor1D, this.vocabularySize) as tf.Tensor2D;
    const embedded = tf.reshape(affine(oneHot, this.embedding as tf.Tensor2D), [steps, batch, -1]) as tf.Tensor3D;
    const result = this.rnn.forward(embedded, state === undefined ? {} : { initialState: state });
    const hidden = tf.reshape(result.output, [steps * batch, -1]) as tf.Tensor2D;
    return { logits: affine(hidden, this.headWeight as tf.Tensor2D, this.headBias as tf.Tensor1D), state: result.state };
  }

  /** Mean cross-entropy (nats) of predicting `targets` (T, N) from `inputs` (T, N). */
  loss(inputs: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
    const { logits } = this.logits(inputs, undefined);
    const logProbs = tf.logSoftmax(logits);
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(tf.reshape(targets, [-1]) as tf.Tensor1D, this.vocabularySize)), 1);
    return tf.neg(tf.mean(picked));
  }

  /** `length` ids after `prompt`, sampled from softmax(logits / temperature). */
  sample(prompt: readonly number[], length: number, temperature: number): number[] {
    const out: number[] = [];
    let state: State | undefined;
    let next = prompt;
    for (let k = 0; k < length; k++) {
      const probs = tf.tidy(() => {
        const result = this.logits(tf.tensor2d(Int32Array.from(next), [next.length, 1], 'int32'), state);
        const old = state;
        state = Object.fromEntries(Object.entries(result.state).map(([n, v]) => [n, tf.keep(v)]));
        if (old !== undefined) tf.dispose(Object.values(old));
        return tf.softmax(tf.div(tf.slice(result.logits, [next.length - 1, 0], [1, -1]), temperature));
      });
      const p = probs.dataSync();
      probs.dispose();
      let u = this.random();
      let choice = p.length - 1;
      for (let i = 0; i < p.length; i++) {
        u -= p[i] ?? 0;
        if (u <= 0) {
          choice = i;
          break;
        }
      }
      out.push(choice);
      next = [choice];
    }
    if (state !== undefined) tf.dispose(Object.values(state));
    return out;
  }

  dispose(): void {
    this.rnn.dispose();
    tf.dispose([this.embedding, this.headWeight, this.headBias]);
  }
}

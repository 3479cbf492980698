// A character-level language model: embedding -> recurrent stack -> linear head over characters.
import * as tf from '@tensorflow/tfjs-core';
import type { RandomSource } from '@rnnkit/core';
import { initParams, seededRandom } from '@rnnkit/core';
import type { TorchParameters } from '@rnnkit/io';
import { torchParameters } from '@rnnkit/io';
import type { RecurrentModule } from '@rnnkit/layers';
import { gru, lstm } from '@rnnkit/layers';
import { affine } from '@rnnkit/ops';

export interface CharLmModelOptions {
  vocabularySize: number;
  /** @default 'lstm' */
  cell?: 'lstm' | 'gru';
  /** @default 32 */
  embeddingSize?: number;
  /** @default 256 */
  hiddenSize?: number;
  /** @default 1 */
  numLayers?: number;
  /** @default 0 */
  seed?: number;
}

export type RecurrentState = Record<string, tf.Tensor3D>;

/** Embedding -> LSTM/GRU stack -> linear head over the characters. */
export class CharLanguageModel {
  readonly rnn: RecurrentModule;
  readonly embedding: tf.Variable;
  /** (H, V): kept transposed so the head's matmul needs no transpose. */
  readonly headWeight: tf.Variable;
  readonly headBias: tf.Variable;
  readonly vocabularySize: number;
  private readonly random: RandomSource;

  constructor(options: CharLmModelOptions) {
    const { vocabularySize, cell = 'lstm', embeddingSize = 32, hiddenSize = 256, numLayers = 1, seed = 0 } = options;
    this.vocabularySize = vocabularySize;
    this.random = seededRandom(seed + 1);
    const make = cell === 'lstm' ? lstm : gru;
    this.rnn = make({ inputSize: embeddingSize, hiddenSize, numLayers, seed });
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

  /**
   * Every trainable variable by the name PyTorch's equivalent module would give it
   * (`nn.Embedding` as `embed`, `nn.LSTM`/`nn.GRU` as `rnn`, `nn.Linear` as `head`).
   */
  namedVariables(): Record<string, tf.Variable> {
    return Object.fromEntries(Object.entries(this.torchParameters()).map(([name, p]) => [name, p.variable]));
  }

  /** The variables bound to PyTorch names and layouts, for import and export. */
  torchParameters(): TorchParameters {
    return {
      ...torchParameters('embed', { weight: this.embedding }),
      ...torchParameters('rnn', this.rnn.parameters),
      ...torchParameters('head', { weight: this.headWeight, bias: this.headBias }, { transposed: ['weight'] }),
    };
  }

  /** Logits (T*N, V) for time-major ids (T, N), and the state after the last step. */
  logits(ids: tf.Tensor2D, state: RecurrentState | undefined): { logits: tf.Tensor2D; state: RecurrentState } {
    const [steps, batch] = ids.shape;
    // A one-hot product rather than tf.gather: gather's gradient needs UnsortedSegmentSum, which
    // the wasm backend lacks, and with a character vocabulary the product is cheap.
    const oneHot = tf.oneHot(tf.reshape(ids, [-1]) as tf.Tensor1D, this.vocabularySize);
    const embedded = tf.reshape(affine(oneHot as tf.Tensor2D, this.embedding as tf.Tensor2D), [steps, batch, -1]) as tf.Tensor3D;
    const result = this.rnn.forward(embedded, state === undefined ? {} : { initialState: state });
    const hidden = tf.reshape(result.output, [steps * batch, -1]) as tf.Tensor2D;
    const logits = affine(hidden, this.headWeight as tf.Tensor2D, this.headBias as tf.Tensor1D);
    return { logits, state: result.state };
  }

  /** Mean cross-entropy in nats of predicting `targets` (T*N ids) from the logits. */
  static loss(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
    const logProbs = tf.logSoftmax(logits);
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(targets, logits.shape[1])), 1);
    return tf.neg(tf.mean(picked));
  }

  /**
   * Generates `length` characters after `prompt` (ids), sampling from softmax(logits / temperature)
   * with the model's seeded random source.
   */
  sample(prompt: readonly number[], length: number, temperature: number): number[] {
    const out: number[] = [];
    let state: RecurrentState | undefined;
    let next = prompt;
    for (let k = 0; k < length; k++) {
      const probs = tf.tidy(() => {
        const ids = tf.tensor2d(Int32Array.from(next), [next.length, 1], 'int32');
        const result = this.logits(ids, state);
        const old = state;
        state = Object.fromEntries(Object.entries(result.state).map(([n, v]) => [n, tf.keep(v)]));
        if (old !== undefined) tf.dispose(Object.values(old));
        const last = tf.slice(result.logits, [next.length - 1, 0], [1, -1]);
        return tf.softmax(tf.div(last, temperature));
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

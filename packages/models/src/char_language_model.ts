// A character-level language model: embedding -> recurrent stack -> linear head over characters.
import * as tf from '@tensorflow/tfjs-core';
import type { RandomSource } from '@rnnkit/core';
import { InputError, checkInteger, checkKnownOptions, checkOneOf, checkTensor, describeValue, seededRandom } from '@rnnkit/core';
import type { Embedding, Linear, RecurrentModule } from '@rnnkit/layers';
import { ParameterModule, embedding, gru, linear, lstm } from '@rnnkit/layers';
import { crossEntropy } from '@rnnkit/losses';

/** Options of {@link CharLanguageModel}. */
export interface CharLanguageModelOptions {
  /** Characters are ids in [0, vocabularySize). */
  vocabularySize: number;
  /** The recurrent module. @default 'lstm' */
  cell?: 'lstm' | 'gru';
  /** Features of each character's embedding. @default 32 */
  embeddingSize?: number;
  /** @default 256 */
  hiddenSize?: number;
  /** @default 1 */
  numLayers?: number;
  /** Seeds the parameters (and, one up, the sampling). @default 0 */
  seed?: number;
}

/** The recurrent state between calls: each entry (layers, N, size). */
export type RecurrentState = Record<string, tf.Tensor3D>;

const OPTIONS = ['vocabularySize', 'cell', 'embeddingSize', 'hiddenSize', 'numLayers', 'seed'];

/**
 * Embedding -> LSTM/GRU stack -> linear head over the characters, with PyTorch's names:
 * `embed.weight` (nn.Embedding), `rnn.weight_ih_l0`, ... (nn.LSTM / nn.GRU), `head.weight`,
 * `head.bias` (nn.Linear), so `stateDict()` loads into the same PyTorch model.
 *
 * - `vocabularySize`: the number of characters.
 * - `cell`, `hiddenSize`, `numLayers`: the recurrent stack.
 * - `embeddingSize`: features per character.
 * - `seed`: the initial parameters; `sample` draws from `seed + 1`.
 *
 * @example
 * const model = new CharLanguageModel({ vocabularySize: 65, hiddenSize: 128 });
 * const loss = model.loss(inputs, targets); // (T, N) int32 ids each
 * const text = model.sample([0], 100, 0.8);
 */
export class CharLanguageModel extends ParameterModule {
  readonly vocabularySize: number;
  readonly embed: Embedding;
  readonly rnn: RecurrentModule;
  readonly head: Linear;
  private readonly random: RandomSource;

  constructor(options: CharLanguageModelOptions) {
    const fn = 'CharLanguageModel';
    if (typeof options !== 'object' || options === null) {
      throw new InputError(fn, 'options', `options must be an object with at least vocabularySize, got ${describeValue(options)}`);
    }
    checkKnownOptions(fn, 'options', options, OPTIONS);
    const vocabularySize = checkInteger(fn, 'vocabularySize', options.vocabularySize, 1);
    const cell = checkOneOf(fn, 'cell', options.cell ?? 'lstm', ['lstm', 'gru'] as const);
    const embeddingSize = checkInteger(fn, 'embeddingSize', options.embeddingSize ?? 32, 1);
    const hiddenSize = checkInteger(fn, 'hiddenSize', options.hiddenSize ?? 256, 1);
    const numLayers = checkInteger(fn, 'numLayers', options.numLayers ?? 1, 1);
    const seed = checkInteger(fn, 'seed', options.seed ?? 0, 0, 2 ** 32 - 4);
    const embed = embedding({ numEmbeddings: vocabularySize, embeddingDim: embeddingSize, seed: seed + 2 });
    const rnn = (cell === 'lstm' ? lstm : gru)({ inputSize: embeddingSize, hiddenSize, numLayers, seed });
    const head = linear({ inFeatures: hiddenSize, outFeatures: vocabularySize, seed: seed + 3 });
    super('charLanguageModel', {}, seededRandom(seed), { embed, rnn, head });
    this.vocabularySize = vocabularySize;
    this.embed = embed;
    this.rnn = rnn;
    this.head = head;
    this.random = seededRandom(seed + 1);
  }

  /** Logits (T*N, V) for time-major ids (T, N), and the state after the last step. */
  logits(ids: tf.Tensor2D, state?: RecurrentState): { logits: tf.Tensor2D; state: RecurrentState } {
    const checked = checkTensor('charLanguageModel.logits', 'ids', ids, { rank: 2, axes: '(T, N)', dtype: 'int32' });
    const [steps = 0, batch = 0] = checked.shape;
    const embedded = this.embed.forward(checked) as tf.Tensor3D;
    const result = this.rnn.forward(embedded, state === undefined ? {} : { initialState: state });
    const hidden = tf.reshape(result.output, [steps * batch, -1]);
    return { logits: this.head.forward(hidden) as tf.Tensor2D, state: result.state };
  }

  /** Mean cross-entropy (nats) of predicting `targets` (T, N) from `inputs` (T, N), from a zero state. */
  loss(inputs: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
    const fn = 'charLanguageModel.loss';
    const checked = checkTensor(fn, 'inputs', inputs, { rank: 2, axes: '(T, N)', dtype: 'int32' });
    checkTensor(fn, 'targets', targets, { shape: [...checked.shape], axes: '(T, N) like inputs', dtype: 'int32' });
    return tf.tidy(() => crossEntropy(this.logits(inputs).logits, tf.reshape(targets, [-1])) as tf.Scalar);
  }

  /**
   * Generates `length` characters after `prompt` (ids), sampling from softmax(logits / temperature)
   * with the model's seeded random source.
   */
  sample(prompt: readonly number[], length: number, temperature: number): number[] {
    const fn = 'charLanguageModel.sample';
    if (!Array.isArray(prompt) || prompt.length === 0) {
      throw new InputError(fn, 'prompt', `prompt must be a non-empty array of character ids, got ${describeValue(prompt)}`);
    }
    prompt.forEach((id, k) => checkInteger(fn, `prompt[${k}]`, id, 0, this.vocabularySize - 1));
    checkInteger(fn, 'length', length, 0);
    if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature <= 0) {
      throw new InputError(fn, 'temperature', `temperature must be a finite number > 0, got ${describeValue(temperature)}`);
    }
    // One character per call through the module's stepper, which carries the recurrent state.
    const stepper = this.rnn.stepper({ batch: 1 });
    const hiddenAfter = (id: number): tf.Tensor2D =>
      tf.tidy(() => stepper.step(tf.reshape(this.embed.forward(tf.tensor2d([id], [1, 1], 'int32')), [1, -1]) as tf.Tensor2D));
    const out: number[] = [];
    try {
      prompt.slice(0, -1).forEach((id) => hiddenAfter(id).dispose());
      let next = prompt[prompt.length - 1] ?? 0;
      for (let k = 0; k < length; k++) {
        const probs = tf.tidy(() => tf.softmax(tf.div(this.head.forward(hiddenAfter(next)), temperature)));
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
        next = choice;
      }
    } finally {
      stepper.dispose();
    }
    return out;
  }
}

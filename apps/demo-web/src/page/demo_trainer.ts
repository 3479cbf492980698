// The training loop behind the page: batches of random windows of the text, Adam, one step at a
// time so the page stays responsive between steps.
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@rnnkit/core';
import { CharLanguageModel } from '@rnnkit/models';
import { Vocabulary } from './vocabulary.js';

/** A model small enough to train at interactive speed in a browser tab. */
const PAGE_MODEL = { embeddingSize: 16, hiddenSize: 96 };

export interface DemoTrainerOptions {
  /** @default 16 */
  batchSize?: number;
  /** @default 32 */
  steps?: number;
  /** @default 0.01 */
  learningRate?: number;
  /** @default 0 */
  seed?: number;
}

/** A model, its optimizer and the loss history; `reset` starts over from the same seed. */
export class DemoTrainer {
  readonly vocabulary: Vocabulary;
  readonly losses: number[] = [];
  private readonly ids: Int32Array;
  private readonly batchSize: number;
  private readonly steps: number;
  private readonly learningRate: number;
  private readonly seed: number;
  private model: CharLanguageModel;
  private optimizer: tf.Optimizer;
  private random: () => number;

  constructor(text: string, options: DemoTrainerOptions = {}) {
    const { batchSize = 16, steps = 32, learningRate = 0.01, seed = 0 } = options;
    this.vocabulary = new Vocabulary(text);
    this.ids = this.vocabulary.encode(text);
    if (this.ids.length <= steps + 1) throw new Error(`DemoTrainer: text must be longer than steps + 1 = ${steps + 1} characters, got ${this.ids.length}`);
    this.batchSize = batchSize;
    this.steps = steps;
    this.learningRate = learningRate;
    this.seed = seed;
    this.model = new CharLanguageModel({ ...PAGE_MODEL, vocabularySize: this.vocabulary.size, seed });
    this.optimizer = tf.train.adam(learningRate);
    this.random = seededRandom(seed + 3);
  }

  /** One optimisation step on a fresh batch; returns its loss. */
  step(): number {
    const { steps, batchSize } = this;
    const inputs = new Int32Array(steps * batchSize);
    const targets = new Int32Array(steps * batchSize);
    for (let n = 0; n < batchSize; n++) {
      const start = Math.floor(this.random() * (this.ids.length - steps - 1));
      for (let t = 0; t < steps; t++) {
        inputs[t * batchSize + n] = this.ids[start + t] ?? 0;
        targets[t * batchSize + n] = this.ids[start + t + 1] ?? 0;
      }
    }
    const x = tf.tensor2d(inputs, [steps, batchSize], 'int32');
    const y = tf.tensor2d(targets, [steps, batchSize], 'int32');
    const loss = this.optimizer.minimize(() => this.model.loss(x, y), true, Object.values(this.model.parameters));
    tf.dispose([x, y]);
    if (loss === null) throw new Error('DemoTrainer.step: the optimizer returned no loss');
    const value = loss.dataSync()[0] ?? NaN;
    loss.dispose();
    this.losses.push(value);
    return value;
  }

  /** Text generated after `prompt`. */
  generate(prompt: string, length: number): string {
    return prompt + this.vocabulary.decode(this.model.sample(Array.from(this.vocabulary.encode(prompt)), length, 0.8));
  }

  reset(): void {
    this.model.dispose();
    this.optimizer.dispose();
    this.model = new CharLanguageModel({ ...PAGE_MODEL, vocabularySize: this.vocabulary.size, seed: this.seed });
    this.optimizer = tf.train.adam(this.learningRate);
    this.random = seededRandom(this.seed + 3);
    this.losses.length = 0;
  }
}

// Trains the character language model with truncated backpropagation through time on
// packages/train, and measures it on held-out text.
import * as tf from '@tensorflow/tfjs-core';
import type { CarriedState, FitResult, ProgressEvent } from '@rnnkit/train';
import { Trainer, adam, truncatedBptt } from '@rnnkit/train';
import { crossEntropy } from '@rnnkit/losses';
import type { CharLanguageModel, RecurrentState } from '@rnnkit/models';
import { streamChunks } from './text_corpus.js';

export interface TrainCharLmOptions {
  /** Total steps: a loaded trainer continues up to it. */
  steps: number;
  batch: number;
  /** Characters per chunk: gradients flow back this far; the state flows on. */
  chunkLength: number;
  /** Validation loss every this many steps (and after the last). @default none */
  validateEvery?: number;
  validation?: Int32Array;
  onProgress?: (event: ProgressEvent) => void;
  /** Called after every step, e.g. to count live tensors. */
  onStep?: (step: number) => void;
}

/** The trainer the demo uses: Adam, global-norm clipping at 5. */
export function charLmTrainer(model: CharLanguageModel, learningRate: number, seed: number): Trainer {
  return new Trainer({ variables: model.parameters, optimizer: adam({ learningRate }), clipNorm: 5, seed });
}

/**
 * Mean cross-entropy in nats per character of predicting `ids` with `model`, over `batch`
 * streams read in chunks with the state carried (no gradients).
 */
export function evaluateCharLm(model: CharLanguageModel, ids: Int32Array, batch: number, chunkLength: number): number {
  const chunks = streamChunks(ids, batch, chunkLength);
  let state: RecurrentState | undefined;
  let total = 0;
  for (let k = 0; k < chunks.count; k++) {
    const { inputs, targets } = chunks.chunk(k);
    const loss = tf.tidy(() => {
      const out = model.logits(tf.tensor2d(inputs, [chunkLength, batch], 'int32'), state);
      const previous = state;
      state = Object.fromEntries(Object.entries(out.state).map(([n, v]) => [n, tf.keep(v)]));
      if (previous !== undefined) tf.dispose(Object.values(previous));
      return crossEntropy(out.logits, tf.tensor1d(targets, 'int32')) as tf.Scalar;
    });
    total += loss.dataSync()[0] ?? NaN;
    loss.dispose();
  }
  if (state !== undefined) tf.dispose(Object.values(state));
  return total / chunks.count;
}

/** Trains `model` on `ids` until `trainer.step === steps`, carrying the state in `carried`. */
export function trainCharLm(model: CharLanguageModel, trainer: Trainer, carried: CarriedState, ids: Int32Array, options: TrainCharLmOptions): FitResult {
  const { steps, batch, chunkLength, validateEvery, validation, onProgress, onStep } = options;
  const chunks = streamChunks(ids, batch, chunkLength);
  return truncatedBptt(trainer, {
    steps,
    carried,
    tokensPerStep: batch * chunkLength,
    // The streams wrapped around to the start of the text: begin again from a zero state.
    resetBefore: (step) => step % chunks.count === 0,
    chunkLoss: (step, initialState) => {
      const { inputs, targets } = chunks.chunk(step);
      const out = model.logits(tf.tensor2d(inputs, [chunkLength, batch], 'int32'), initialState);
      return { loss: crossEntropy(out.logits, tf.tensor1d(targets, 'int32')) as tf.Scalar, state: out.state };
    },
    ...(validateEvery === undefined || validation === undefined
      ? {}
      : { validate: { every: validateEvery, metric: () => evaluateCharLm(model, validation, 8, chunkLength) } }),
    ...(onProgress === undefined ? {} : { onProgress }),
    ...(onStep === undefined ? {} : { afterStep: (r: { step: number }) => onStep(r.step) }),
  });
}

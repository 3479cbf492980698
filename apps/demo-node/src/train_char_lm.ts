// Trains the character language model with truncated backpropagation through time.
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentState } from './char_lm.js';
import { CharLanguageModel } from './char_lm.js';
import type { TextCorpus } from './text_corpus.js';
import { streamChunks } from './text_corpus.js';

export interface TrainOptions {
  steps: number;
  batch: number;
  /** Characters per chunk: gradients flow back this far; the state flows on. */
  chunkLength: number;
  learningRate: number;
  /** Global gradient norm bound. */
  clipNorm: number;
  /** Called after every step. */
  onStep?: (event: { step: number; loss: number; charsPerSecond: number }) => void;
}

/** Scales `grads` so their global L2 norm is at most `maxNorm`. */
export function clipByGlobalNorm(grads: Record<string, tf.Tensor>, maxNorm: number): Record<string, tf.Tensor> {
  return tf.tidy(() => {
    const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(tf.addN(squares));
    const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
    return Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)]));
  });
}

/** Runs `steps` optimisation steps and returns the loss of each. */
export function trainCharLm(model: CharLanguageModel, corpus: TextCorpus, options: TrainOptions): number[] {
  const { steps, batch, chunkLength, learningRate, clipNorm, onStep } = options;
  const chunks = streamChunks(corpus.ids, batch, chunkLength);
  const optimizer = tf.train.adam(learningRate);
  const variables = model.variables();
  const losses: number[] = [];
  let state: RecurrentState | undefined;
  for (let step = 0; step < steps; step++) {
    const started = performance.now();
    const { inputs, targets } = chunks.chunk(step);
    if (step % chunks.count === 0 && state !== undefined) {
      // The streams wrapped around to the start of the text: begin again from a zero state.
      tf.dispose(Object.values(state));
      state = undefined;
    }
    const ids = tf.tensor2d(inputs, [chunkLength, batch], 'int32');
    const next = tf.tensor1d(targets, 'int32');
    let nextState: RecurrentState | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const out = model.logits(ids, state);
      // The carried state is an input of the next chunk but not a path for its gradient.
      nextState = Object.fromEntries(Object.entries(out.state).map(([k, v]) => [k, tf.keep(v)]));
      return CharLanguageModel.loss(out.logits, next);
    }, variables);
    const clipped = clipByGlobalNorm(grads, clipNorm);
    // Adam reads the gradients by variable name; the map type only names them as variables.
    optimizer.applyGradients(clipped as unknown as Parameters<typeof optimizer.applyGradients>[0]);
    const loss = value.dataSync()[0] ?? NaN;
    tf.dispose([ids, next, value, ...Object.values(grads), ...Object.values(clipped)]);
    if (state !== undefined) tf.dispose(Object.values(state));
    state = nextState;
    losses.push(loss);
    onStep?.({ step: step + 1, loss, charsPerSecond: (batch * chunkLength * 1000) / (performance.now() - started) });
  }
  if (state !== undefined) tf.dispose(Object.values(state));
  optimizer.dispose();
  return losses;
}

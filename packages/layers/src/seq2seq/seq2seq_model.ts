// The parts of an encoder-decoder and one decoder step, shared by teacher forcing, greedy
// decoding and beam search.
import * as tf from '@tensorflow/tfjs-core';
import type { Cell, CellState, Params, PreparedStep, RandomSource } from '@rnnkit/core';
import type { AttentionScore } from '../attention/prepare_attention.js';
import { prepareAttention } from '../attention/prepare_attention.js';
import type { Embedding } from '../modules/embedding.js';
import type { Linear } from '../modules/linear.js';
import { applyLayer } from '../recurrent/apply_layer.js';
import type { SequenceLayer } from '../recurrent/sequence_layer.js';

/** A checked encoder-decoder: its parts and token ids. */
export interface Seq2SeqModel {
  readonly sourceVocab: number;
  readonly targetVocab: number;
  readonly startToken: number;
  readonly endToken: number;
  readonly encoder: SequenceLayer;
  readonly decoder: Cell;
  readonly attention: AttentionScore;
  readonly sourceEmbedding: Embedding;
  readonly targetEmbedding: Embedding;
  readonly out: Linear;
  /** Dropout in the encoder while training. */
  readonly random: RandomSource;
}

/** One decoder step's results. (A type, not an interface, so tf.tidy can return it.) */
export type DecodedStep = {
  state: CellState;
  /** (N, targetVocab). */
  logits: tf.Tensor2D;
  /** (N, Ts): the attention over the source. */
  weights: tf.Tensor2D;
};

/** The decoder over one encoded batch: its parameters laid out and its keys prepared once. */
export interface DecoderRun {
  /** The decoder's zero state for the batch. */
  readonly initialState: CellState;
  /** One step from the previous state and the embedded previous tokens (N, embeddingSize). */
  step(state: CellState, embedded: tf.Tensor2D): DecodedStep;
}

/** The parameters of the submodule `prefix` (`decoder.`), by their names inside it. */
export function group(params: Params, prefix: string): Params {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, value] of Object.entries(params)) if (name.startsWith(prefix)) out[name.slice(prefix.length)] = value;
  return out;
}

/**
 * Encodes `tokens` (N, Ts) and prepares the decoder over the result; with `repeat`, decoder row r
 * reads sample `repeat[r]`'s encoding (a beam per row), encoded once. The query of step t is the
 * previous state's `h`; the decoder reads `[embed(y_{t-1}); context_t]`; the logits are
 * `out([h_t; context_t])`.
 */
export function startDecoding(
  model: Seq2SeqModel,
  method: string,
  params: Params,
  source: { tokens: tf.Tensor2D; lengths: Int32Array },
  training: boolean,
  repeat?: Int32Array,
): DecoderRun {
  const x = model.sourceEmbedding.apply(group(params, 'source_embedding.'), source.tokens) as tf.Tensor3D;
  const { output } = applyLayer(method, model.encoder, group(params, 'encoder.'), x, { lengths: source.lengths, training }, { batchFirst: true, random: model.random });
  const keys = repeat === undefined ? output : tf.gather(output, tf.tensor1d(repeat, 'int32'));
  const lengths = repeat === undefined ? source.lengths : Int32Array.from(repeat, (n) => source.lengths[n] ?? 0);
  const attention = prepareAttention(model.attention, group(params, 'attention.'), keys, { lengths });
  const decoderParams = group(params, 'decoder.');
  const decoder = model.decoder;
  const step: PreparedStep = decoder.prepare?.(decoderParams) ?? ((input, state) => decoder.step(decoderParams, input, state));
  const outParams = group(params, 'out.');
  const batch = keys.shape[0];
  const initialState: Record<string, tf.Tensor2D> = {};
  for (const [name, size] of Object.entries(decoder.stateSizes)) initialState[name] = tf.zeros([batch, size]);
  return {
    initialState,
    step(state, embedded) {
      const h = state['h'];
      if (h === undefined) throw new Error('internal: the decoder state has no h');
      const { context, weights } = attention.attend(tf.expandDims(h, 1));
      const flatContext = tf.squeeze(context, [1]) as tf.Tensor2D;
      const next = step(tf.concat([embedded, flatContext], 1), state);
      const hNext = next.state['h'];
      if (hNext === undefined) throw new Error('internal: the decoder state has no h');
      const logits = model.out.apply(outParams, tf.concat([hNext, flatContext], 1)) as tf.Tensor2D;
      return { state: next.state, logits, weights: tf.squeeze(weights, [1]) as tf.Tensor2D };
    },
  };
}

// A sequence-to-sequence model: a recurrent encoder, and a decoder cell attending over its outputs.
import type * as tf from '@tensorflow/tfjs-core';
import type { Cell, ParamSpecEntry, Params } from '@rnnkit/core';
import { InputError, checkInteger, checkKnownOptions, checkOneOf, describeValue, seededRandom } from '@rnnkit/core';
import type { AttentionScore } from '../attention/prepare_attention.js';
import { embedding } from '../modules/embedding.js';
import { linear } from '../modules/linear.js';
import { ParameterModule } from '../modules/parameter_module.js';
import type { SequenceLayer } from '../recurrent/sequence_layer.js';
import { beamSearch } from './beam_search.js';
import type { SourceBatch } from './check_source.js';
import type { BeamSearchOptions, DecodeOptions } from './decode_options.js';
import { greedyDecode } from './greedy_decode.js';
import type { Hypothesis } from './hypothesis.js';
import type { Seq2SeqModel } from './seq2seq_model.js';
import type { TeacherForcedResult } from './teacher_forcing.js';
import { teacherForced } from './teacher_forcing.js';

/** How the decoder scores encoder outputs against its state. */
export type DecoderAttention = AttentionScore;

/** Options of {@link encoderDecoder}: the vocabularies, the embeddings, the encoder and the decoder. */
export interface EncoderDecoderOptions {
  /** Source token ids are in [0, sourceVocab). */
  sourceVocab: number;
  /** Target token ids are in [0, targetVocab), start and end tokens included. */
  targetVocab: number;
  /** Features of both token embeddings; the encoder's input size. */
  embeddingSize: number;
  /** Any sequence layer over the source embeddings: cellLayer, bidirectional, stacked, `lstm(...).layer`. */
  encoder: SequenceLayer;
  /** The decoder cell; it reads `[target embedding; context]` and must have state `h` (the attention query). */
  decoder: Cell;
  /** The attention score. @default 'bahdanau' */
  attention?: DecoderAttention;
  /** Hidden size A of Bahdanau attention. @default the decoder's h size */
  attentionSize?: number;
  /** The token fed to the decoder first. */
  startToken: number;
  /** The token that ends a decoded sequence. */
  endToken: number;
  /** Seed of the initial parameters. @default a random seed */
  seed?: number;
}

/** A trainable encoder-decoder with its parameters as variables. */
export interface EncoderDecoder extends ParameterModule {
  /** Teacher forcing with the model's own parameters; `training` enables the encoder's dropout. */
  forward(source: SourceBatch, target: tf.Tensor2D, options?: { training?: boolean }): TeacherForcedResult;
  /** Teacher forcing with the given parameters (same names and shapes), e.g. to take gradients. */
  apply(params: Params, source: SourceBatch, target: tf.Tensor2D, options?: { training?: boolean }): TeacherForcedResult;
  /** Greedy decoding: the most probable next token at each step, until the end token or maxLength. */
  greedy(source: SourceBatch, options: DecodeOptions): Hypothesis[];
  /** Beam search: per sample, up to beamWidth hypotheses, best (highest logProb) first. */
  beamSearch(source: SourceBatch, options: BeamSearchOptions): Hypothesis[][];
}

const OPTIONS = ['sourceVocab', 'targetVocab', 'embeddingSize', 'encoder', 'decoder', 'attention', 'attentionSize', 'startToken', 'endToken', 'seed'];

/** The model's own parameters: the encoder's, the decoder's and the attention's, by prefixed name. */
function ownSpec(encoder: SequenceLayer, decoder: Cell, attention: DecoderAttention, sizes: { E: number; Hd: number; A: number }): Record<string, ParamSpecEntry> {
  const { E, Hd, A } = sizes;
  const spec: Record<string, ParamSpecEntry> = {};
  for (const [name, entry] of Object.entries(encoder.paramSpec)) spec[`encoder.${name}`] = entry;
  for (const [name, entry] of Object.entries(decoder.paramSpec)) spec[`decoder.${name}`] = entry;
  if (attention === 'bahdanau') {
    spec['attention.W_q'] = { shape: [A, Hd], bound: 1 / Math.sqrt(Hd) };
    spec['attention.W_k'] = { shape: [A, E], bound: 1 / Math.sqrt(E) };
    spec['attention.b'] = { shape: [A], bound: 1 / Math.sqrt(E) };
    spec['attention.v'] = { shape: [A], bound: 1 / Math.sqrt(A) };
  } else if (attention === 'luong_general') {
    spec['attention.W'] = { shape: [Hd, E], bound: 1 / Math.sqrt(E) };
  }
  return spec;
}

class EncoderDecoderModule extends ParameterModule implements EncoderDecoder {
  private readonly model: Seq2SeqModel;

  constructor(model: Omit<Seq2SeqModel, 'sourceEmbedding' | 'targetEmbedding' | 'out' | 'random'>, sizes: { embeddingSize: number; E: number; Hd: number; A: number }, seed: number | undefined) {
    const random = seededRandom(seed);
    // Each submodule draws from its own seed, taken from the model's, so one seed fixes them all.
    const childSeed = (): number => Math.floor(random() * 2 ** 32);
    const sourceEmbedding = embedding({ numEmbeddings: model.sourceVocab, embeddingDim: sizes.embeddingSize, seed: childSeed() });
    const targetEmbedding = embedding({ numEmbeddings: model.targetVocab, embeddingDim: sizes.embeddingSize, seed: childSeed() });
    const out = linear({ inFeatures: sizes.Hd + sizes.E, outFeatures: model.targetVocab, seed: childSeed() });
    super('encoderDecoder', ownSpec(model.encoder, model.decoder, model.attention, sizes), random, {
      source_embedding: sourceEmbedding,
      target_embedding: targetEmbedding,
      out,
    });
    this.model = { ...model, sourceEmbedding, targetEmbedding, out, random };
  }

  forward(source: SourceBatch, target: tf.Tensor2D, options?: { training?: boolean }): TeacherForcedResult {
    return teacherForced(this.model, 'encoderDecoder.forward', this.parameters, source, target, options);
  }

  apply(params: Params, source: SourceBatch, target: tf.Tensor2D, options?: { training?: boolean }): TeacherForcedResult {
    return teacherForced(this.model, 'encoderDecoder.apply', this.checkGiven('apply', params), source, target, options);
  }

  greedy(source: SourceBatch, options: DecodeOptions): Hypothesis[] {
    return greedyDecode(this.model, this.parameters, source, options);
  }

  beamSearch(source: SourceBatch, options: BeamSearchOptions): Hypothesis[][] {
    return beamSearch(this.model, this.parameters, source, options);
  }
}

/**
 * An encoder-decoder with attention (Bahdanau et al. 2015). The encoder runs over the source
 * embeddings; at each step t the decoder attends with its previous state `h_{t-1}` as the query,
 * reads `[embed(y_{t-1}); context_t]`, and predicts `logits_t = out([h_t; context_t])`. Source
 * padding (past each length) gets no attention. Parameters: `source_embedding.weight`,
 * `target_embedding.weight` (nn.Embedding), `encoder.*`, `decoder.*`, `attention.*`,
 * `out.weight`, `out.bias` (nn.Linear); `stateDict()` / `loadStateDict()` use these names.
 *
 * Departs from Luong et al. on purpose: every attention kind queries with the previous decoder
 * state, including the Luong scores (Luong et al. query with the current state and feed an extra
 * attentional layer), so one decoder step serves all four scores.
 *
 * - `sourceVocab`, `targetVocab`, `embeddingSize`: token ids and their embeddings.
 * - `encoder`: its input size must be embeddingSize; bidirectional is fine (E = both directions).
 * - `decoder`: input size embeddingSize + E; `luong_dot` and `scaled_dot` need its h size = E.
 * - `attention`, `attentionSize`: the score and Bahdanau's hidden size.
 * - `startToken`, `endToken`: target ids that start and end a sequence.
 * - `seed`: initial parameters.
 *
 * @example
 * const model = encoderDecoder({ sourceVocab: 10, targetVocab: 12, embeddingSize: 16,
 *   encoder: bidirectional(cellLayer(gruCell({ inputSize: 16, hiddenSize: 32 })), cellLayer(gruCell({ inputSize: 16, hiddenSize: 32 }))),
 *   decoder: gruCell({ inputSize: 16 + 64, hiddenSize: 64 }), startToken: 10, endToken: 11, seed: 0 });
 * const { logits } = model.forward({ tokens, lengths }, target); // train with cross-entropy on logits
 * const best = model.beamSearch({ tokens, lengths }, { beamWidth: 4, maxLength: 20 });
 */
export function encoderDecoder(options: EncoderDecoderOptions): EncoderDecoder {
  const fn = 'encoderDecoder';
  if (typeof options !== 'object' || options === null) {
    throw new InputError(fn, 'options', `options must be an object, got ${describeValue(options)}`);
  }
  checkKnownOptions(fn, 'options', options, OPTIONS);
  const sourceVocab = checkInteger(fn, 'sourceVocab', options.sourceVocab, 1);
  const targetVocab = checkInteger(fn, 'targetVocab', options.targetVocab, 1);
  const embeddingSize = checkInteger(fn, 'embeddingSize', options.embeddingSize, 1);
  const { encoder, decoder } = options;
  const attention = checkOneOf(fn, 'attention', options.attention ?? 'bahdanau', ['bahdanau', 'luong_general', 'luong_dot', 'scaled_dot'] as const);
  const startToken = checkInteger(fn, 'startToken', options.startToken, 0, targetVocab - 1);
  const endToken = checkInteger(fn, 'endToken', options.endToken, 0, targetVocab - 1);
  const seed = options.seed === undefined ? undefined : checkInteger(fn, 'seed', options.seed, 0, 2 ** 32 - 1);
  if (typeof encoder !== 'object' || encoder === null || typeof encoder.run !== 'function') {
    throw new InputError(fn, 'encoder', `encoder must be a sequence layer (cellLayer, bidirectional, stacked, lstm(...).layer), got ${describeValue(encoder)}`);
  }
  if (typeof decoder !== 'object' || decoder === null || typeof decoder.step !== 'function') {
    throw new InputError(fn, 'decoder', `decoder must be a cell (gruCell, lstmCell, ...), got ${describeValue(decoder)}`);
  }
  if (encoder.inputSize !== embeddingSize) {
    throw new InputError(fn, 'encoder', `encoder must take embeddingSize (${embeddingSize}) inputs, got inputSize ${encoder.inputSize}`);
  }
  const E = encoder.outputSize;
  const Hd = decoder.stateSizes['h'];
  if (Hd === undefined) {
    throw new InputError(fn, 'decoder', `decoder must have state h (the attention query), got state ${Object.keys(decoder.stateSizes).join(', ')}`);
  }
  if (decoder.inputSize !== embeddingSize + E) {
    throw new InputError(fn, 'decoder', `decoder must take embeddingSize + encoder output (${embeddingSize} + ${E} = ${embeddingSize + E}) inputs, got inputSize ${decoder.inputSize}`);
  }
  if ((attention === 'luong_dot' || attention === 'scaled_dot') && Hd !== E) {
    throw new InputError(fn, 'attention', `attention "${attention}" needs the decoder's h size (${Hd}) to equal the encoder's output size (${E})`);
  }
  const A = checkInteger(fn, 'attentionSize', options.attentionSize ?? Hd, 1);
  return new EncoderDecoderModule(
    { sourceVocab, targetVocab, startToken, endToken, encoder, decoder, attention },
    { embeddingSize, E, Hd, A },
    seed,
  );
}

// A sequence-to-sequence model: a recurrent encoder, and a decoder cell attending over its outputs.
import * as tf from '@tensorflow/tfjs-core';
import type { Carry, Cell, LengthsInput, ParamSpec, ParamSpecEntry, Params } from '@rnnkit/core';
import {
  InputError,
  checkBoolean,
  checkInteger,
  checkKnownOptions,
  checkLengths,
  checkOneOf,
  checkTensor,
  describeValue,
  initParams,
  seededRandom,
} from '@rnnkit/core';
import { applyLayer } from './apply_layer.js';
import { maskedSoftmax, project, visibility, visibilityTensor } from './attention_internal.js';
import type { SequenceLayer } from './sequence_layer.js';

/** How the decoder scores encoder outputs against its state. */
export type DecoderAttention = 'bahdanau' | 'luong_general' | 'luong_dot' | 'scaled_dot';

/** Options of `encoderDecoder`: sizes, cell, attention and special tokens. */
export interface EncoderDecoderOptions {
  /** Source token ids are in [0, sourceVocab). */
  sourceVocab: number;
  /** Target token ids are in [0, targetVocab), start and end tokens included. */
  targetVocab: number;
  /** Features of both token embeddings; the encoder's input size. */
  embeddingSize: number;
  /** Any sequence layer over the source embeddings: cellLayer, bidirectional, stacked, `lstm(...).layer`. */
  encoder: SequenceLayer;
  /** The decoder cell; it reads `[target embedding; context]` and must carry `h` (the attention query). */
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

/** A batch of source sequences: token ids (N, Ts) int32 and each sample's length. */
export interface SourceBatch {
  tokens: tf.Tensor2D;
  /** @default every sample has Ts tokens */
  lengths?: LengthsInput;
}

/** Result of a teacher-forced pass. (A type, not an interface, so tf.tidy can return it.) */
export type TeacherForcedResult = {
  /** (N, T, targetVocab): step t predicts `target[:, t]` from `start, target[:, :t]`. */
  logits: tf.Tensor3D;
  /** (N, T, Ts): attention of each decoder step over the source. */
  weights: tf.Tensor3D;
};

/** One decoded hypothesis. */
export interface Hypothesis {
  /** The tokens, without the end token. */
  tokens: number[];
  /** Sum of the log-probabilities of the tokens (and of the end token when it ended). */
  logProb: number;
  /** Whether it emitted the end token (false: it stopped at maxLength). */
  ended: boolean;
}

/** Options of greedy decoding. */
export interface DecodeOptions {
  /** The most tokens to emit per sample, end token excluded. */
  maxLength: number;
}

/** Options of beam-search decoding: the greedy limits plus the beam width. */
export interface BeamSearchOptions extends DecodeOptions {
  /** Hypotheses kept per sample. @default 4 */
  beamWidth?: number;
}

/** A trainable encoder-decoder with its parameters as variables. */
export interface EncoderDecoder {
  /** Every parameter by name: `source_embedding.weight`, `encoder.*`, `decoder.*`, `attention.*`, `out.weight`, `out.bias`. */
  readonly paramSpec: ParamSpec;
  readonly parameters: Readonly<Record<string, tf.Variable>>;
  /** Teacher forcing with the model's own parameters; `training` enables the encoder's dropout. */
  forward(source: SourceBatch, target: tf.Tensor2D, options?: { training?: boolean }): TeacherForcedResult;
  /** Teacher forcing with the given parameters (same names and shapes), e.g. to take gradients. */
  apply(params: Params, source: SourceBatch, target: tf.Tensor2D, options?: { training?: boolean }): TeacherForcedResult;
  /** Greedy decoding: the most probable next token at each step, until the end token or maxLength. */
  greedy(source: SourceBatch, options: DecodeOptions): Hypothesis[];
  /** Beam search: per sample, up to beamWidth hypotheses, best (highest logProb) first. */
  beamSearch(source: SourceBatch, options: BeamSearchOptions): Hypothesis[][];
  /** Frees the parameters' variables; the model cannot be used afterwards. */
  dispose(): void;
}

const OPTIONS = ['sourceVocab', 'targetVocab', 'embeddingSize', 'encoder', 'decoder', 'attention', 'attentionSize', 'startToken', 'endToken', 'seed'];

/** The key side of the attention scores and the padding mask, computed once per batch. */
interface PreparedKeys {
  /** Bahdanau: W_k k + b as (N, 1, Ts, A); Luong / scaled: what the query multiplies, (N, Ts, F). */
  readonly keys: tf.Tensor;
  /** (N, 1, Ts) bool, or null when no sample is padded. */
  readonly visible: tf.Tensor | null;
}

/** The encoder's outputs for one batch. */
interface Encoded {
  /** (N, Ts, E), zero past each length. */
  outputs: tf.Tensor3D;
  lengths: Int32Array;
}

/**
 * An encoder-decoder with attention (Bahdanau et al. 2015). The encoder runs over the source
 * embeddings; at each step t the decoder attends with its previous state `h_{t-1}` as the query,
 * reads `[embed(y_{t-1}); context_t]`, and predicts
 * `logits_t = W_out [h_t; context_t] + b_out`. Source padding (past each length) gets no attention.
 *
 * Departures: embeddings start uniform in [-√3, √3] (unit variance, like PyTorch's N(0, 1)); every
 * attention kind queries with the previous decoder state, including the Luong scores (Luong et
 * al. query with the current state and feed an extra attentional layer).
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
  const { encoder, decoder, attention = 'bahdanau' } = options;
  checkOneOf(fn, 'attention', attention, ['bahdanau', 'luong_general', 'luong_dot', 'scaled_dot'] as const);
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
  const Hd = decoder.carrySizes['h'];
  if (Hd === undefined) {
    throw new InputError(fn, 'decoder', `decoder must carry h (the attention query), got carry ${Object.keys(decoder.carrySizes).join(', ')}`);
  }
  if (decoder.inputSize !== embeddingSize + E) {
    throw new InputError(fn, 'decoder', `decoder must take embeddingSize + encoder output (${embeddingSize} + ${E} = ${embeddingSize + E}) inputs, got inputSize ${decoder.inputSize}`);
  }
  if ((attention === 'luong_dot' || attention === 'scaled_dot') && Hd !== E) {
    throw new InputError(fn, 'attention', `attention "${attention}" needs the decoder's h size (${Hd}) to equal the encoder's output size (${E})`);
  }
  const A = checkInteger(fn, 'attentionSize', options.attentionSize ?? Hd, 1);

  const uniform = (shape: number[], bound: number): ParamSpecEntry => ({ shape, bound });
  const spec: Record<string, ParamSpecEntry> = {
    'source_embedding.weight': uniform([sourceVocab, embeddingSize], Math.sqrt(3)),
    'target_embedding.weight': uniform([targetVocab, embeddingSize], Math.sqrt(3)),
  };
  for (const [name, entry] of Object.entries(encoder.paramSpec)) spec[`encoder.${name}`] = entry;
  for (const [name, entry] of Object.entries(decoder.paramSpec)) spec[`decoder.${name}`] = entry;
  if (attention === 'bahdanau') {
    spec['attention.W_q'] = uniform([A, Hd], 1 / Math.sqrt(Hd));
    spec['attention.W_k'] = uniform([A, E], 1 / Math.sqrt(E));
    spec['attention.b'] = uniform([A], 1 / Math.sqrt(E));
    spec['attention.v'] = uniform([A], 1 / Math.sqrt(A));
  } else if (attention === 'luong_general') {
    spec['attention.W'] = uniform([Hd, E], 1 / Math.sqrt(E));
  }
  spec['out.weight'] = uniform([targetVocab, Hd + E], 1 / Math.sqrt(Hd + E));
  spec['out.bias'] = uniform([targetVocab], 1 / Math.sqrt(Hd + E));
  const paramSpec: ParamSpec = spec;

  const random = seededRandom(seed);
  const initial = initParams(paramSpec, random);
  const parameters: Record<string, tf.Variable> = {};
  for (const [name, value] of Object.entries(initial)) {
    parameters[name] = tf.variable(value, true, `encoderDecoder.${name}.${tf.util.now()}.${Math.random()}`);
    value.dispose();
  }

  const group = (params: Params, prefix: string): Params => {
    const out: Record<string, tf.Tensor> = {};
    for (const [name, value] of Object.entries(params)) if (name.startsWith(prefix)) out[name.slice(prefix.length)] = value;
    return out;
  };

  function checkParamsOf(method: string, params: unknown): Params {
    if (typeof params !== 'object' || params === null) {
      throw new InputError(method, 'params', `params must be an object of named tensors, got ${describeValue(params)}`);
    }
    const given = params as Record<string, unknown>;
    for (const [name, entry] of Object.entries(paramSpec)) {
      if (!(name in given)) throw new InputError(method, `params.${name}`, `params.${name} is missing; expected ${Object.keys(paramSpec).join(', ')}`);
      checkTensor(method, `params.${name}`, given[name], { shape: entry.shape });
    }
    for (const name of Object.keys(given)) {
      if (!(name in paramSpec)) throw new InputError(method, `params.${name}`, `params.${name} is not a parameter of this model`);
    }
    return given as Params;
  }

  /** Checks token ids (N, T) int32 in [0, vocab); returns them as plain numbers too. */
  function checkTokens(method: string, argument: string, tokens: unknown, vocab: number, batch?: number): tf.Tensor2D {
    const t = checkTensor(method, argument, tokens, { shape: [batch ?? null, null], axes: '(N, T)', dtype: 'int32' }) as tf.Tensor2D;
    if (t.shape[0] < 1 || t.shape[1] < 1) {
      throw new InputError(method, argument, `${argument} must have at least one sample and one step (N, T), got shape [${t.shape.join(', ')}]`);
    }
    const values = t.dataSync();
    const bad = values.findIndex((v) => v < 0 || v >= vocab);
    if (bad !== -1) {
      throw new InputError(method, argument, `${argument} holds token ids in [0, ${vocab - 1}], got ${values[bad]} at flat index ${bad}`);
    }
    return t;
  }

  function checkSource(method: string, source: unknown): { tokens: tf.Tensor2D; lengths: Int32Array } {
    if (typeof source !== 'object' || source === null || source instanceof tf.Tensor) {
      throw new InputError(method, 'source', `source must be an object {tokens, lengths?}, got ${describeValue(source)}`);
    }
    checkKnownOptions(method, 'source', source, ['tokens', 'lengths']);
    const { tokens, lengths } = source as SourceBatch;
    const t = checkTokens(method, 'source.tokens', tokens, sourceVocab);
    const [batch, steps] = t.shape;
    const lens = lengths === undefined ? new Int32Array(batch).fill(steps) : checkLengths(method, lengths, batch, steps);
    const empty = lens.findIndex((len) => len < 1);
    if (empty !== -1) throw new InputError(method, 'source.lengths', `source.lengths[${empty}] must be at least 1, got 0`);
    return { tokens: t, lengths: lens };
  }

  /** Embedding lookup as one-hot times the table: its gradient needs no scatter kernel (wasm has none). */
  function embed(table: tf.Tensor, ids: tf.Tensor, vocab: number): tf.Tensor {
    const flat = tf.reshape(ids, [-1]) as tf.Tensor1D;
    const rows = tf.matMul(tf.oneHot(flat, vocab), table as tf.Tensor2D);
    return tf.reshape(rows, [...ids.shape, embeddingSize]);
  }

  function encode(method: string, params: Params, tokens: tf.Tensor2D, lengths: Int32Array, training: boolean): Encoded {
    const x = embed(params['source_embedding.weight'] as tf.Tensor, tokens, sourceVocab) as tf.Tensor3D;
    const { output } = applyLayer(method, encoder, group(params, 'encoder.'), x, { lengths, training }, { batchFirst: true, random });
    return { outputs: output, lengths };
  }

  /**
   * What every decoder step of one batch shares: the key side of the scores computed once (the
   * public attention functions would recompute it at every step) and the padding mask.
   */
  function prepareAttention(params: Params, encoded: Encoded): PreparedKeys {
    const [batch, steps] = encoded.outputs.shape;
    const mask = visibility(batch, 1, steps, encoded.lengths, false);
    const visible = mask === null ? null : visibilityTensor(mask, [batch, 1, steps]);
    const keys = encoded.outputs;
    switch (attention) {
      case 'bahdanau':
        return { visible, keys: tf.expandDims(tf.add(project(keys, params['attention.W_k'] as tf.Tensor), params['attention.b'] as tf.Tensor), 1) };
      case 'luong_general':
        return { visible, keys: project(keys, params['attention.W'] as tf.Tensor) };
      case 'luong_dot':
        return { visible, keys };
      case 'scaled_dot':
        return { visible, keys: tf.mul(keys, 1 / Math.sqrt(E)) };
    }
  }

  /** One decoder step: attention from the previous h, the cell, the output layer. */
  function decodeStep(params: Params, carry: Carry, previous: tf.Tensor1D, encoded: Encoded, prepared: PreparedKeys): { carry: Carry; logits: tf.Tensor2D; weights: tf.Tensor2D } {
    const h = carry['h'] as tf.Tensor2D;
    const batch = h.shape[0];
    const steps = encoded.outputs.shape[1];
    let scores: tf.Tensor3D;
    if (attention === 'bahdanau') {
      // Same numbers as bahdanauAttention with the key projection hoisted out of the loop.
      const q = tf.reshape(tf.matMul(h, params['attention.W_q'] as tf.Tensor2D, false, true), [batch, 1, 1, A]);
      const hidden = tf.reshape(tf.tanh(tf.add(q, prepared.keys)), [batch * steps, A]);
      scores = tf.reshape(tf.matMul(hidden, tf.reshape(params['attention.v'] as tf.Tensor, [A, 1])), [batch, 1, steps]);
    } else {
      scores = tf.matMul(tf.expandDims(h, 1) as tf.Tensor3D, prepared.keys as tf.Tensor3D, false, true);
    }
    const weights = maskedSoftmax(scores, prepared.visible) as tf.Tensor3D;
    const context = tf.squeeze(tf.matMul(weights, encoded.outputs), [1]) as tf.Tensor2D;
    const input = tf.concat([embed(params['target_embedding.weight'] as tf.Tensor, previous, targetVocab) as tf.Tensor2D, context], 1);
    const [next] = decoder.step(group(params, 'decoder.'), carry, input);
    const features = tf.concat([next['h'] as tf.Tensor2D, context], 1);
    const logits = tf.add(tf.matMul(features, params['out.weight'] as tf.Tensor2D, false, true), params['out.bias'] as tf.Tensor) as tf.Tensor2D;
    return { carry: next, logits, weights: tf.squeeze(weights, [1]) as tf.Tensor2D };
  }

  function zeroCarry(batch: number): Carry {
    const carry: Record<string, tf.Tensor2D> = {};
    for (const [name, size] of Object.entries(decoder.carrySizes)) carry[name] = tf.zeros([batch, size]);
    return carry;
  }

  function teacherForced(method: string, params: Params, source: SourceBatch, target: tf.Tensor2D, options: { training?: boolean } = {}): TeacherForcedResult {
    checkKnownOptions(method, 'options', options, ['training']);
    const training = checkBoolean(method, 'training', options.training ?? false);
    const checked = checkSource(method, source);
    const batch = checked.tokens.shape[0];
    const targetTokens = checkTokens(method, 'target', target, targetVocab, batch);
    return tf.tidy(() => {
      const encoded = encode(method, params, checked.tokens, checked.lengths, training);
      const steps = targetTokens.shape[1];
      // Teacher forcing: step t reads the true token t-1 (the start token at t = 0).
      const inputs = tf.concat([tf.fill([batch, 1], startToken, 'int32'), tf.slice(targetTokens, [0, 0], [batch, steps - 1])], 1);
      const columns = tf.unstack(inputs, 1) as tf.Tensor1D[];
      const prepared = prepareAttention(params, encoded);
      let carry = zeroCarry(batch);
      const logits: tf.Tensor2D[] = [];
      const weights: tf.Tensor2D[] = [];
      for (const column of columns) {
        const step = decodeStep(params, carry, column, encoded, prepared);
        carry = step.carry;
        logits.push(step.logits);
        weights.push(step.weights);
      }
      return { logits: tf.stack(logits, 1) as tf.Tensor3D, weights: tf.stack(weights, 1) as tf.Tensor3D };
    });
  }

  function checkDecodeOptions(method: string, options: unknown, known: string[]): void {
    if (typeof options !== 'object' || options === null) {
      throw new InputError(method, 'options', `options must be an object with maxLength, got ${describeValue(options)}`);
    }
    checkKnownOptions(method, 'options', options, known);
  }

  function greedy(source: SourceBatch, options: DecodeOptions): Hypothesis[] {
    const method = 'encoderDecoder.greedy';
    checkDecodeOptions(method, options, ['maxLength']);
    const maxLength = checkInteger(method, 'maxLength', options.maxLength, 1);
    const checked = checkSource(method, source);
    const batch = checked.tokens.shape[0];
    const out: Hypothesis[] = Array.from({ length: batch }, () => ({ tokens: [], logProb: 0, ended: false }));
    tf.tidy(() => {
      const encoded = encode(method, parameters, checked.tokens, checked.lengths, false);
      const prepared = prepareAttention(parameters, encoded);
      let carry = zeroCarry(batch);
      let previous = new Int32Array(batch).fill(startToken);
      for (let t = 0; t < maxLength + 1 && out.some((h) => !h.ended); t++) {
        const next = tf.tidy(() => {
          const step = decodeStep(parameters, carry, tf.tensor1d(previous, 'int32'), encoded, prepared);
          return { carry: step.carry, logProbs: tf.logSoftmax(step.logits) };
        });
        const logProbs = next.logProbs.dataSync();
        tf.dispose([next.logProbs, ...Object.values(carry)]);
        carry = next.carry;
        previous = new Int32Array(batch);
        for (let n = 0; n < batch; n++) {
          const hyp = out[n] as Hypothesis;
          let best = 0;
          for (let v = 1; v < targetVocab; v++) if ((logProbs[n * targetVocab + v] ?? -Infinity) > (logProbs[n * targetVocab + best] ?? -Infinity)) best = v;
          previous[n] = best;
          if (hyp.ended || (t === maxLength && best !== endToken)) continue;
          hyp.logProb += logProbs[n * targetVocab + best] ?? 0;
          if (best === endToken) hyp.ended = true;
          else hyp.tokens.push(best);
        }
        if (t === maxLength) break;
      }
    });
    return out;
  }

  function beamSearch(source: SourceBatch, options: BeamSearchOptions): Hypothesis[][] {
    const method = 'encoderDecoder.beamSearch';
    checkDecodeOptions(method, options, ['maxLength', 'beamWidth']);
    const maxLength = checkInteger(method, 'maxLength', options.maxLength, 1);
    const width = checkInteger(method, 'beamWidth', options.beamWidth ?? 4, 1);
    const checked = checkSource(method, source);
    const batch = checked.tokens.shape[0];
    const finished: Hypothesis[][] = Array.from({ length: batch }, () => []);
    tf.tidy(() => {
      const encodedOnce = encode(method, parameters, checked.tokens, checked.lengths, false);
      // Every sample's encoding repeated once per beam: row n * width + b.
      const repeat = Int32Array.from({ length: batch * width }, (_, r) => Math.floor(r / width));
      const encoded: Encoded = {
        outputs: tf.gather(encodedOnce.outputs, tf.tensor1d(repeat, 'int32')),
        lengths: Int32Array.from(repeat, (n) => checked.lengths[n] ?? 0),
      };
      const prepared = prepareAttention(parameters, encoded);
      let carry = zeroCarry(batch * width);
      // Live beams per sample; at the start one empty beam, so no hypothesis is found twice.
      let beams: Array<Array<{ tokens: number[]; logProb: number }>> = Array.from({ length: batch }, () => [{ tokens: [], logProb: 0 }]);
      const done = new Array<boolean>(batch).fill(false);
      for (let t = 0; t <= maxLength && done.some((d) => !d); t++) {
        const previous = new Int32Array(batch * width).fill(startToken);
        beams.forEach((list, n) => list.forEach((beam, b) => {
          previous[n * width + b] = beam.tokens.length === 0 ? startToken : (beam.tokens[beam.tokens.length - 1] ?? startToken);
        }));
        const next = tf.tidy(() => {
          const step = decodeStep(parameters, carry, tf.tensor1d(previous, 'int32'), encoded, prepared);
          return { carry: step.carry, logProbs: tf.logSoftmax(step.logits) };
        });
        const logProbs = next.logProbs.dataSync();
        const source = new Int32Array(batch * width);
        const nextBeams: typeof beams = [];
        for (let n = 0; n < batch; n++) {
          const list = beams[n] ?? [];
          const kept: Array<{ tokens: number[]; logProb: number }> = [];
          if (!done[n]) {
            const candidates: Array<{ b: number; v: number; logProb: number }> = [];
            list.forEach((beam, b) => {
              for (let v = 0; v < targetVocab; v++) {
                candidates.push({ b, v, logProb: beam.logProb + (logProbs[(n * width + b) * targetVocab + v] ?? -Infinity) });
              }
            });
            // Stable sort: ties keep the lower beam, then the lower token id.
            candidates.sort((p, q) => q.logProb - p.logProb);
            // Walk the candidates best first until `width` of them continue a beam; an end token
            // among them finishes its hypothesis. At the length limit a continuing candidate
            // instead records its beam as stopped (not ended), once per beam.
            const stopped = new Set<number>();
            let taken = 0;
            for (const cand of candidates) {
              if (taken === width) break;
              const beam = list[cand.b] as { tokens: number[]; logProb: number };
              if (cand.v === endToken) {
                finished[n]?.push({ tokens: [...beam.tokens], logProb: cand.logProb, ended: true });
                continue;
              }
              taken++;
              if (t < maxLength) {
                source[n * width + kept.length] = n * width + cand.b;
                kept.push({ tokens: [...beam.tokens, cand.v], logProb: cand.logProb });
              } else if (!stopped.has(cand.b)) {
                stopped.add(cand.b);
                finished[n]?.push({ tokens: [...beam.tokens], logProb: beam.logProb, ended: false });
              }
            }
            const bestEnded = (finished[n] ?? []).reduce((m, h) => (h.ended ? Math.max(m, h.logProb) : m), -Infinity);
            const bestLive = kept.reduce((m, h) => Math.max(m, h.logProb), -Infinity);
            // Extending a beam only lowers its log-probability, so an ended hypothesis at least as
            // good as every live beam cannot be beaten: stop this sample.
            if (kept.length === 0 || bestEnded >= bestLive) {
              done[n] = true;
              kept.length = 0;
            }
          }
          for (let b = kept.length; b < width; b++) source[n * width + b] = n * width;
          nextBeams.push(kept);
        }
        const reordered: Record<string, tf.Tensor2D> = {};
        const index = tf.tensor1d(source, 'int32');
        for (const [name, value] of Object.entries(next.carry)) reordered[name] = tf.gather(value, index);
        tf.dispose([index, next.logProbs, ...Object.values(next.carry), ...Object.values(carry)]);
        carry = reordered;
        beams = nextBeams;
      }
      tf.dispose(Object.values(carry));
    });
    // Ended hypotheses rank before those stopped by the length limit, each by log-probability.
    return finished.map((list) => [...list].sort((p, q) => Number(q.ended) - Number(p.ended) || q.logProb - p.logProb).slice(0, width));
  }

  return {
    paramSpec,
    parameters,
    forward: (source, target, opts) => teacherForced('encoderDecoder.forward', parameters, source, target, opts),
    apply: (params, source, target, opts) => teacherForced('encoderDecoder.apply', checkParamsOf('encoderDecoder.apply', params), source, target, opts),
    greedy,
    beamSearch,
    dispose: () => {
      for (const v of Object.values(parameters)) v.dispose();
    },
  };
}

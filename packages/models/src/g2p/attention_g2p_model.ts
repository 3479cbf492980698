// The attention model: a bidirectional LSTM encoder over the letters, an LSTM decoder attending
// over it, decoded with beam search.
import * as tf from '@tensorflow/tfjs-core';
import { lstmCell } from '@rnnkit/cells';
import type { EncoderDecoder } from '@rnnkit/layers';
import { bidirectional, cellLayer, encoderDecoder, stacked } from '@rnnkit/layers';
import { crossEntropy } from '@rnnkit/losses';
import { checkBatch, checkModelOptions, checkPronounceOptions } from './check_g2p_input.js';
import { checkWords } from './check_words.js';
import { letterIds } from './letter_ids.js';
import type { G2pBatch, G2pConfig, G2pModel, PronounceOptions, Pronunciation } from './g2p_model.js';
import { ARPABET_PHONEMES, GRAPHEMES } from './g2p_symbols.js';

const START = ARPABET_PHONEMES.length;
const END = ARPABET_PHONEMES.length + 1;
/** Longest pronunciation decoded: CMUdict's longest is 32 phonemes. */
const MAX_PHONEMES = 40;

/** Options of {@link AttentionG2pModel}. */
export interface AttentionG2pModelOptions {
  /** Encoder LSTM units per direction; the decoder has twice this. @default 96 */
  hiddenSize?: number;
  /** Bidirectional LSTM layers of the encoder. @default 1 */
  numLayers?: number;
  /** Dropout between stacked encoder layers while training, in [0, 1). @default 0 */
  dropout?: number;
  /** Letter and phoneme embedding size. @default 64 */
  embeddingSize?: number;
  /** Seeds the initial parameters. @default 0 */
  seed?: number;
}

function sourceOf(words: readonly string[]): { tokens: tf.Tensor2D; lengths: number[] } {
  const width = Math.max(...words.map((w) => w.length));
  const ids = new Int32Array(words.length * width);
  words.forEach((w, n) => ids.set(letterIds(w), n * width));
  return { tokens: tf.tensor2d(ids, [words.length, width], 'int32'), lengths: words.map((w) => w.length) };
}

/**
 * Grapheme-to-phoneme by an attention encoder-decoder (after Toshniwal & Livescu 2016): a
 * bidirectional LSTM encoder over the letters, an LSTM decoder of 2 * hiddenSize with Bahdanau
 * attention, decoded by beam search (4 wide by default). It can show which letters each phoneme
 * attended to (`pronounce(words, { alignment: true })`).
 *
 * @example
 * const model = new AttentionG2pModel({ hiddenSize: 64, seed: 1 });
 * const loss = model.loss({ words: ['CAT'], targets: [phonemeIds(['K', 'AE', 'T'])] });
 * const [said] = model.pronounce(['quay'], { alignment: true }); // said.phonemes, said.alignment
 */
export class AttentionG2pModel implements G2pModel {
  readonly config: G2pConfig;
  readonly parameters: Readonly<Record<string, tf.Variable>>;
  private readonly model: EncoderDecoder;

  constructor(options?: AttentionG2pModelOptions) {
    const { hiddenSize, numLayers, dropout, embeddingSize, seed } = checkModelOptions('AttentionG2pModel', 'attention', options, { hiddenSize: 96, numLayers: 1 });
    this.config = { model: 'attention', hiddenSize, numLayers, dropout, embeddingSize };
    const encoderLayers = Array.from({ length: numLayers }, (_, i) => {
      const inputSize = i === 0 ? embeddingSize : 2 * hiddenSize;
      return bidirectional(cellLayer(lstmCell({ inputSize, hiddenSize })), cellLayer(lstmCell({ inputSize, hiddenSize })));
    });
    const [only] = encoderLayers;
    const encoder = encoderLayers.length === 1 && only !== undefined ? only : stacked(encoderLayers, { dropout });
    this.model = encoderDecoder({
      sourceVocab: GRAPHEMES.length,
      targetVocab: ARPABET_PHONEMES.length + 2,
      embeddingSize,
      encoder,
      decoder: lstmCell({ inputSize: embeddingSize + 2 * hiddenSize, hiddenSize: 2 * hiddenSize }),
      attention: 'bahdanau',
      startToken: START,
      endToken: END,
      seed,
    });
    this.parameters = this.model.parameters;
  }

  /** Mean cross-entropy of each target phoneme and the end token, teacher-forced (dropout on). */
  loss(batch: G2pBatch): tf.Scalar {
    const { words, targets } = checkBatch('AttentionG2pModel.loss', batch);
    const width = Math.max(...targets.map((t) => t.length)) + 1;
    // Decoder inputs: the phonemes then END (padded with END); the loss ignores the padding (-100).
    const target = new Int32Array(words.length * width).fill(END);
    const labels = new Int32Array(words.length * width).fill(-100);
    targets.forEach((t, n) => {
      t.forEach((p, i) => {
        target[n * width + i] = p;
        labels[n * width + i] = p;
      });
      labels[n * width + t.length] = END;
    });
    const source = sourceOf(words);
    const targetTensor = tf.tensor2d(target, [words.length, width], 'int32');
    const labelTensor = tf.tensor2d(labels, [words.length, width], 'int32');
    const { logits, weights } = this.model.forward(source, targetTensor, { training: true });
    const loss = crossEntropy(logits, labelTensor) as tf.Scalar;
    tf.dispose([source.tokens, targetTensor, labelTensor, weights]);
    return loss;
  }

  /** Pronounces words by beam search (`beam` 1: greedy), optionally with the attention alignment. */
  pronounce(words: readonly string[], options?: PronounceOptions): Pronunciation[] {
    const fn = 'AttentionG2pModel.pronounce';
    const checked = checkWords(fn, words);
    const { beam, alignment } = checkPronounceOptions(fn, options, 4, false);
    const source = sourceOf(checked);
    const decoded = beam <= 1
      ? this.model.greedy(source, { maxLength: MAX_PHONEMES }).map((h) => h.tokens)
      : this.model.beamSearch(source, { maxLength: MAX_PHONEMES, beamWidth: beam }).map((hs) => hs[0]?.tokens ?? []);
    let maps: number[][][] | undefined;
    if (alignment) {
      // The attention of the chosen pronunciation: teacher-force it and read the weights.
      const width = Math.max(1, ...decoded.map((d) => d.length + 1));
      const target = new Int32Array(checked.length * width).fill(END);
      decoded.forEach((d, n) => target.set(d, n * width));
      const targetTensor = tf.tensor2d(target, [checked.length, width], 'int32');
      const { logits, weights } = this.model.forward(source, targetTensor);
      maps = weights.arraySync();
      tf.dispose([targetTensor, logits, weights]);
    }
    source.tokens.dispose();
    return decoded.map((tokens, n) => ({
      phonemes: tokens.map((t) => ARPABET_PHONEMES[t] ?? '?'),
      ...(maps === undefined ? {} : { alignment: (maps[n] ?? []).slice(0, tokens.length + 1).map((row) => row.slice(0, checked[n]?.length ?? 0)) }),
    }));
  }

  /** Frees the parameters. */
  dispose(): void {
    this.model.dispose();
  }
}

// The attention model: a bidirectional LSTM encoder over the letters, an LSTM decoder attending
// over it, decoded with beam search.
import * as tf from '@tensorflow/tfjs-core';
import { lstmCell } from '@rnnkit/cells';
import { bidirectional, cellLayer, encoderDecoder, stacked } from '@rnnkit/layers';
import { crossEntropy } from '@rnnkit/losses';
import { checkWords } from './check_words.js';
import { letterIds } from './letter_ids.js';
import type { G2pBatch, G2pConfig, G2pModel, Pronunciation } from './g2p_model.js';
import { GRAPHEMES, PHONEMES } from './g2p_symbols.js';

const START = PHONEMES.length;
const END = PHONEMES.length + 1;
/** Longest pronunciation decoded: CMUdict's longest is 32 phonemes. */
const MAX_PHONEMES = 40;

function sourceOf(words: readonly string[]): { tokens: tf.Tensor2D; lengths: number[] } {
  const width = Math.max(...words.map((w) => w.length));
  const ids = new Int32Array(words.length * width);
  words.forEach((w, n) => ids.set(letterIds(w), n * width));
  return { tokens: tf.tensor2d(ids, [words.length, width], 'int32'), lengths: words.map((w) => w.length) };
}

/** Encoder-decoder with Bahdanau attention: `layers` bidirectional LSTM layers, an LSTM decoder of 2 * hidden. */
export function attentionG2pModel(config: G2pConfig, seed: number): G2pModel {
  const { hidden, layers, dropout, embedding } = config;
  const encoderLayers = Array.from({ length: layers }, (_, i) => {
    const inputSize = i === 0 ? embedding : 2 * hidden;
    return bidirectional(cellLayer(lstmCell({ inputSize, hiddenSize: hidden })), cellLayer(lstmCell({ inputSize, hiddenSize: hidden })));
  });
  const encoder = encoderLayers.length === 1 && encoderLayers[0] !== undefined ? encoderLayers[0] : stacked(encoderLayers, { dropout });
  const model = encoderDecoder({
    sourceVocab: GRAPHEMES.length,
    targetVocab: PHONEMES.length + 2,
    embeddingSize: embedding,
    encoder,
    decoder: lstmCell({ inputSize: embedding + 2 * hidden, hiddenSize: 2 * hidden }),
    attention: 'bahdanau',
    startToken: START,
    endToken: END,
    seed,
  });
  return {
    config,
    parameters: model.parameters,
    loss(batch: G2pBatch): tf.Scalar {
      const width = Math.max(...batch.targets.map((t) => t.length)) + 1;
      // Decoder inputs: the phonemes then END (padded with END); the loss ignores the padding (-100).
      const target = new Int32Array(batch.words.length * width).fill(END);
      const labels = new Int32Array(batch.words.length * width).fill(-100);
      batch.targets.forEach((t, n) => {
        t.forEach((p, i) => {
          target[n * width + i] = p;
          labels[n * width + i] = p;
        });
        labels[n * width + t.length] = END;
      });
      const source = sourceOf(batch.words);
      const targetTensor = tf.tensor2d(target, [batch.words.length, width], 'int32');
      const labelTensor = tf.tensor2d(labels, [batch.words.length, width], 'int32');
      const { logits, weights } = model.forward(source, targetTensor, { training: true });
      const loss = crossEntropy(logits, labelTensor) as tf.Scalar;
      tf.dispose([source.tokens, targetTensor, labelTensor, weights]);
      return loss;
    },
    pronounce(given, { beam, alignment = false }): Pronunciation[] {
      const words = checkWords('attentionG2pModel.pronounce', given);
      const source = sourceOf(words);
      const decoded = beam <= 1 ? model.greedy(source, { maxLength: MAX_PHONEMES }).map((h) => h.tokens) : model.beamSearch(source, { maxLength: MAX_PHONEMES, beamWidth: beam }).map((hs) => hs[0]?.tokens ?? []);
      let maps: number[][][] | undefined;
      if (alignment) {
        // The attention of the chosen pronunciation: teacher-force it and read the weights.
        const width = Math.max(1, ...decoded.map((d) => d.length + 1));
        const target = new Int32Array(words.length * width).fill(END);
        decoded.forEach((d, n) => target.set(d, n * width));
        const targetTensor = tf.tensor2d(target, [words.length, width], 'int32');
        const { logits, weights } = model.forward(source, targetTensor);
        maps = weights.arraySync();
        tf.dispose([targetTensor, logits, weights]);
      }
      source.tokens.dispose();
      return decoded.map((tokens, n) => ({
        phonemes: tokens.map((t) => PHONEMES[t] ?? '?'),
        ...(maps === undefined ? {} : { alignment: (maps[n] ?? []).slice(0, tokens.length + 1).map((row) => row.slice(0, words[n]?.length ?? 0)) }),
      }));
    },
    dispose() {
      model.dispose();
    },
  };
}

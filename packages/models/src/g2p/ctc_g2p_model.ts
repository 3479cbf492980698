// The CTC model: a deep bidirectional LSTM reads each letter twice and emits phonemes through CTC.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, seededRandom } from '@rnnkit/core';
import type { RecurrentModule } from '@rnnkit/layers';
import { lstm } from '@rnnkit/layers';
import { ctcLoss } from '@rnnkit/losses';
import { affine } from '@rnnkit/ops';
import { checkBatch, checkModelOptions } from './check_g2p_input.js';
import { checkWords } from './check_words.js';
import { pronounceFromFrames } from './pronounce_from_frames.js';
import { CTC_FRAMES_PER_LETTER, ctcFramesNeeded } from './ctc_frames.js';
import { letterIds } from './letter_ids.js';
import type { G2pBatch, G2pConfig, G2pModel, PronounceOptions, Pronunciation } from './g2p_model.js';
import { ARPABET_PHONEMES, GRAPHEMES } from './g2p_symbols.js';

const INPUTS = GRAPHEMES.length * CTC_FRAMES_PER_LETTER;
/** Class 0 is the CTC blank; phoneme p is class p + 1. */
const CLASSES = ARPABET_PHONEMES.length + 1;

/** Options of {@link CtcG2pModel}. */
export interface CtcG2pModelOptions {
  /** LSTM units per direction. @default 128 */
  hiddenSize?: number;
  /** Bidirectional LSTM layers. @default 2 */
  numLayers?: number;
  /** Dropout between stacked layers while training, in [0, 1). @default 0 */
  dropout?: number;
  /** Seeds the initial parameters. @default 0 */
  seed?: number;
}

/**
 * Input frames (T, N, 2 * 27) one-hot, time-major: letter l at copy k of its two frames is unit
 * l * 2 + k, so the network knows which copy it reads (it may emit a phoneme at either).
 */
function framesOf(words: readonly string[]): { x: tf.Tensor3D; lengths: number[] } {
  const lengths = words.map((w) => w.length * CTC_FRAMES_PER_LETTER);
  const steps = Math.max(...lengths);
  const ids = new Int32Array(steps * words.length).fill(-1);
  words.forEach((w, n) => letterIds(w).forEach((l, i) => {
    for (let k = 0; k < CTC_FRAMES_PER_LETTER; k++) ids[(i * CTC_FRAMES_PER_LETTER + k) * words.length + n] = l * CTC_FRAMES_PER_LETTER + k;
  }));
  // oneHot of -1 is all zeros: padding frames are zero (and masked by the lengths anyway).
  const x = tf.tidy(() => tf.reshape(tf.cast(tf.oneHot(tf.tensor1d(ids, 'int32'), INPUTS), 'float32'), [steps, words.length, INPUTS]) as tf.Tensor3D);
  return { x, lengths };
}

/**
 * Grapheme-to-phoneme by a deep bidirectional LSTM with a linear CTC head over the 39 ARPAbet
 * phonemes and the blank (after Rao et al. 2015). Each letter is read as `CTC_FRAMES_PER_LETTER`
 * one-hot frames, so a word may have more phonemes than letters; a training pair needing more
 * frames than that (see {@link ctcFramesNeeded}) is refused by `loss`.
 *
 * Parameters: `rnn.*` (PyTorch `nn.LSTM` names, bidirectional), `head.weight` (2 * hiddenSize,
 * 40) and `head.bias` (40).
 *
 * @example
 * const model = new CtcG2pModel({ hiddenSize: 64, numLayers: 2, seed: 1 });
 * const loss = model.loss({ words: ['CAT'], targets: [phonemeIds(['K', 'AE', 'T'])] });
 * model.pronounce(['colonel'])[0].phonemes; // ARPAbet phonemes (the right ones once trained)
 */
export class CtcG2pModel implements G2pModel {
  readonly config: G2pConfig;
  readonly parameters: Readonly<Record<string, tf.Variable>>;
  private readonly rnn: RecurrentModule;
  private readonly headWeight: tf.Variable;
  private readonly headBias: tf.Variable;

  constructor(options?: CtcG2pModelOptions) {
    const { hiddenSize, numLayers, dropout, seed } = checkModelOptions('CtcG2pModel', 'ctc', options, { hiddenSize: 128, numLayers: 2 });
    this.config = { model: 'ctc', hiddenSize, numLayers, dropout, embeddingSize: 0 };
    this.rnn = lstm({ inputSize: INPUTS, hiddenSize, numLayers, bidirectional: true, dropout, seed });
    const random = seededRandom(seed + 1);
    const bound = 1 / Math.sqrt(2 * hiddenSize);
    // Kept (in, out) for a product without transposes; PyTorch's Linear holds (out, in).
    this.headWeight = tf.variable(tf.tensor2d(Array.from({ length: 2 * hiddenSize * CLASSES }, () => (2 * random() - 1) * bound), [2 * hiddenSize, CLASSES]));
    this.headBias = tf.variable(tf.zeros([CLASSES]));
    this.parameters = { ...Object.fromEntries(Object.entries(this.rnn.parameters).map(([k, v]) => [`rnn.${k}`, v])), 'head.weight': this.headWeight, 'head.bias': this.headBias };
  }

  private logitsOf(x: tf.Tensor3D, lengths: number[], training: boolean): tf.Tensor3D {
    const { output } = this.rnn.forward(x, { lengths, training });
    const [steps = 0, size = 0] = output.shape;
    return tf.reshape(affine(tf.reshape(output, [steps * size, 2 * this.config.hiddenSize]) as tf.Tensor2D, this.headWeight as tf.Tensor2D, this.headBias as tf.Tensor1D), [steps, size, CLASSES]) as tf.Tensor3D;
  }

  /** Mean CTC loss of the batch (dropout on); a pair needing more than 2 frames per letter is refused. */
  loss(batch: G2pBatch): tf.Scalar {
    const fn = 'CtcG2pModel.loss';
    const { words, targets } = checkBatch(fn, batch);
    targets.forEach((t, n) => {
      const needed = ctcFramesNeeded(t);
      const frames = CTC_FRAMES_PER_LETTER * (words[n]?.length ?? 0);
      if (needed > frames) {
        throw new InputError(fn, `batch.targets[${n}]`, `batch.targets[${n}] needs ${needed} CTC frames (phonemes plus blanks between repeats), more than the ${frames} of ${JSON.stringify(words[n])} (${CTC_FRAMES_PER_LETTER} per letter); leave such pairs out of training`);
      }
    });
    const { x, lengths } = framesOf(words);
    const width = Math.max(...targets.map((t) => t.length));
    const padded = targets.map((t) => [...t.map((p) => p + 1), ...new Array<number>(width - t.length).fill(0)]);
    const loss = tf.tidy(() => ctcLoss(this.logitsOf(x, lengths, true), padded, lengths, targets.map((t) => t.length), { fromLogits: true }) as tf.Scalar);
    x.dispose();
    return loss;
  }

  /**
   * The CTC log-probabilities of each frame (T, N, 40; class 0 the blank, phoneme id p class
   * p + 1), time-major, and each word's frame count: for decoding of one's own, such as averaging
   * several models' frames or rescoring with `ctcLoss`. The caller disposes `logProbs`.
   */
  frameLogProbs(words: readonly string[]): { logProbs: tf.Tensor3D; lengths: number[] } {
    return this.frames(checkWords('CtcG2pModel.frameLogProbs', words));
  }

  private frames(words: string[]): { logProbs: tf.Tensor3D; lengths: number[] } {
    const { x, lengths } = framesOf(words);
    const logProbs = tf.tidy(() => tf.logSoftmax(this.logitsOf(x, lengths, false)) as tf.Tensor3D);
    x.dispose();
    return { logProbs, lengths };
  }

  /**
   * Pronounces words by CTC greedy decoding (`beam` 1, the default) or prefix beam search; with a
   * `languageModel` always by the beam search, ranking by the CTC log-probability plus `lmWeight`
   * times the language model's plus `insertionBonus` per phoneme.
   */
  pronounce(words: readonly string[], options?: PronounceOptions): Pronunciation[] {
    return pronounceFromFrames('CtcG2pModel.pronounce', words, options, (checked) => this.frames(checked));
  }

  /** Frees the parameters. */
  dispose(): void {
    this.rnn.dispose();
    tf.dispose([this.headWeight, this.headBias]);
  }
}

// The CTC model: a deep bidirectional LSTM reads each letter twice and emits phonemes through CTC.
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@rnnkit/core';
import { lstm } from '@rnnkit/layers';
import { ctcBeamSearch, ctcGreedyDecode, ctcLoss } from '@rnnkit/losses';
import { affine } from '@rnnkit/ops';
import { FRAMES_PER_LETTER } from './ctc_frames.js';
import { checkWords } from './check_words.js';
import { letterIds } from './letter_ids.js';
import type { G2pBatch, G2pConfig, G2pModel, Pronunciation } from './g2p_model.js';
import { GRAPHEMES, PHONEMES } from './g2p_symbols.js';

const INPUTS = GRAPHEMES.length * FRAMES_PER_LETTER;
/** Class 0 is the CTC blank; phoneme p is class p + 1. */
const CLASSES = PHONEMES.length + 1;

/**
 * Input frames (T, N, 2 * 27) one-hot, time-major: letter l at copy k of its two frames is unit
 * l * 2 + k, so the network knows which copy it reads (it may emit a phoneme at either).
 */
function framesOf(words: readonly string[]): { x: tf.Tensor3D; lengths: number[] } {
  const lengths = words.map((w) => w.length * FRAMES_PER_LETTER);
  const steps = Math.max(...lengths);
  const ids = new Int32Array(steps * words.length).fill(-1);
  words.forEach((w, n) => letterIds(w).forEach((l, i) => {
    for (let k = 0; k < FRAMES_PER_LETTER; k++) ids[(i * FRAMES_PER_LETTER + k) * words.length + n] = l * FRAMES_PER_LETTER + k;
  }));
  // oneHot of -1 is all zeros: padding frames are zero (and masked by the lengths anyway).
  const x = tf.tidy(() => tf.reshape(tf.cast(tf.oneHot(tf.tensor1d(ids, 'int32'), INPUTS), 'float32'), [steps, words.length, INPUTS]) as tf.Tensor3D);
  return { x, lengths };
}

/** A deep bidirectional LSTM with a linear CTC head over the 39 phonemes and the blank. */
export function ctcG2pModel(config: G2pConfig, seed: number): G2pModel {
  const { hidden, layers, dropout } = config;
  const rnn = lstm({ inputSize: INPUTS, hiddenSize: hidden, numLayers: layers, bidirectional: true, dropout, seed });
  const random = seededRandom(seed + 1);
  const bound = 1 / Math.sqrt(2 * hidden);
  // Kept (in, out) for a product without transposes; PyTorch's Linear holds (out, in).
  const headWeight = tf.variable(tf.tensor2d(Array.from({ length: 2 * hidden * CLASSES }, () => (2 * random() - 1) * bound), [2 * hidden, CLASSES]), true, `g2p.ctc.head.weight.${seed}.${Math.random()}`);
  const headBias = tf.variable(tf.zeros([CLASSES]), true, `g2p.ctc.head.bias.${seed}.${Math.random()}`);
  const parameters: Record<string, tf.Variable> = { ...Object.fromEntries(Object.entries(rnn.parameters).map(([k, v]) => [`rnn.${k}`, v])), 'head.weight': headWeight, 'head.bias': headBias };

  const logitsOf = (x: tf.Tensor3D, lengths: number[], training: boolean): tf.Tensor3D => {
    const { output } = rnn.forward(x, { lengths, training });
    const [steps, size] = output.shape;
    return tf.reshape(affine(tf.reshape(output, [steps * size, 2 * hidden]) as tf.Tensor2D, headWeight as tf.Tensor2D, headBias as tf.Tensor1D), [steps, size, CLASSES]) as tf.Tensor3D;
  };

  return {
    config,
    parameters,
    loss(batch: G2pBatch): tf.Scalar {
      const { x, lengths } = framesOf(batch.words);
      const width = Math.max(...batch.targets.map((t) => t.length));
      const targets = batch.targets.map((t) => [...t.map((p) => p + 1), ...new Array<number>(width - t.length).fill(0)]);
      const loss = ctcLoss(logitsOf(x, lengths, true), targets, lengths, batch.targets.map((t) => t.length), { fromLogits: true }) as tf.Scalar;
      x.dispose();
      return loss;
    },
    pronounce(given, { beam }): Pronunciation[] {
      const words = checkWords('ctcG2pModel.pronounce', given);
      const { x, lengths } = framesOf(words);
      const logProbs = tf.tidy(() => tf.logSoftmax(logitsOf(x, lengths, false)) as tf.Tensor3D);
      const decoded = beam <= 1 ? ctcGreedyDecode(logProbs, { inputLengths: lengths }) : ctcBeamSearch(logProbs, { inputLengths: lengths, beamWidth: beam }).map((h) => h[0]?.labels ?? []);
      tf.dispose([x, logProbs]);
      return decoded.map((labels) => ({ phonemes: labels.map((c) => PHONEMES[c - 1] ?? '?') }));
    },
    dispose() {
      rnn.dispose();
      tf.dispose([headWeight, headBias]);
    },
  };
}

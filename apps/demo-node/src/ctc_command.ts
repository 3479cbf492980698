// `pnpm demo ctc`: a bidirectional LSTM learns, with the CTC loss, to read digit strings from
// noisy generated frames; decoded greedily and with prefix beam search.
import * as tf from '@tensorflow/tfjs-core';
import type { RandomSource } from '@rnnkit/core';
import { editDistance, seededRandom } from '@rnnkit/core';
import { lstm } from '@rnnkit/layers';
import { ctcBeamSearch, ctcGreedyDecode, ctcLoss } from '@rnnkit/losses';
import { affine } from '@rnnkit/ops';
import { metricsTable } from './metrics_table.js';
import type { TaskOptions } from './options.js';
import { finalLoss, trainTask } from './train_task.js';

const FEATURES = 12;
const DIGITS = 10;
/** Class 0 is the blank; digit d is class d + 1. */
const CLASSES = DIGITS + 1;
const BATCH = 32;
/** Frame noise, relative to prototypes of unit variance: enough that single frames mislead. */
const NOISE = 0.8;

interface Utterances {
  /** (T, N, FEATURES), zero past each length. */
  x: tf.Tensor3D;
  labels: number[][];
  frames: number[];
}

function gaussian(random: RandomSource): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function between(random: RandomSource, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/**
 * `size` utterances of 3-6 digits: each digit a prototype frame plus noise, held 2-4 frames, with
 * 0-2 frames of silence around and between digits (at least 1 between equal digits).
 */
function utterances(random: RandomSource, prototypes: readonly number[][], size: number): Utterances {
  const all: Array<{ frames: number[][]; labels: number[] }> = [];
  for (let n = 0; n < size; n++) {
    const digits = Array.from({ length: between(random, 3, 6) }, () => between(random, 0, DIGITS - 1));
    const frames: number[][] = [];
    const hold = (kind: number, count: number): void => {
      for (let k = 0; k < count; k++) frames.push((prototypes[kind] ?? []).map((v) => v + NOISE * gaussian(random)));
    };
    hold(DIGITS, between(random, 0, 2));
    digits.forEach((d, i) => {
      if (i > 0) hold(DIGITS, between(random, d === digits[i - 1] ? 1 : 0, 2));
      hold(d, between(random, 2, 4));
    });
    hold(DIGITS, between(random, 0, 2));
    all.push({ frames, labels: digits.map((d) => d + 1) });
  }
  const steps = Math.max(...all.map((u) => u.frames.length));
  const values = new Float32Array(steps * size * FEATURES);
  all.forEach((u, n) => u.frames.forEach((frame, t) => values.set(frame, (t * size + n) * FEATURES)));
  return { x: tf.tensor3d(values, [steps, size, FEATURES]), labels: all.map((u) => u.labels), frames: all.map((u) => u.frames.length) };
}

export function runCtc(options: TaskOptions): void {
  const hidden = options.hidden;
  const prototypes = (() => {
    const random = seededRandom(options.seed);
    return Array.from({ length: DIGITS + 1 }, () => Array.from({ length: FEATURES }, () => gaussian(random)));
  })();
  console.log(`ctc: bidirectional LSTM (${hidden} per direction) + CTC on generated noisy digit strings; backend ${tf.getBackend()}`);
  const model = lstm({ inputSize: FEATURES, hiddenSize: hidden, bidirectional: true, seed: options.seed });
  const init = seededRandom(options.seed + 1);
  const bound = 1 / Math.sqrt(2 * hidden);
  // The head kept (in, out) for a product without transposes; PyTorch's Linear holds (out, in).
  const headWeight = tf.variable(tf.tensor2d(Array.from({ length: 2 * hidden * CLASSES }, () => (2 * init() - 1) * bound), [2 * hidden, CLASSES]));
  const headBias = tf.variable(tf.zeros([CLASSES]));
  const logitsOf = (batch: Utterances): tf.Tensor3D => {
    const { output } = model.forward(batch.x, { lengths: batch.frames });
    const [steps, size] = output.shape;
    return tf.reshape(affine(tf.reshape(output, [steps * size, 2 * hidden]) as tf.Tensor2D, headWeight as tf.Tensor2D, headBias as tf.Tensor1D), [steps, size, CLASSES]) as tf.Tensor3D;
  };
  const variables = { ...Object.fromEntries(Object.entries(model.parameters).map(([k, v]) => [`rnn.${k}`, v])), 'head.weight': headWeight, 'head.bias': headBias };
  const { trainer, result, loadedSteps } = trainTask(
    'ctc',
    options,
    variables,
    (step) => {
      // Each step's batch follows from the seed and the step, so --load resumes on the same data.
      const batch = utterances(seededRandom(options.seed * 1_000_003 + step + 17), prototypes, BATCH);
      const width = Math.max(...batch.labels.map((l) => l.length));
      const targets = batch.labels.map((l) => [...l, ...new Array<number>(width - l.length).fill(0)]);
      const loss = ctcLoss(logitsOf(batch), targets, batch.frames, batch.labels.map((l) => l.length), { fromLogits: true }) as tf.Scalar;
      batch.x.dispose();
      return loss;
    },
    BATCH,
    'utterances',
  );
  const test = utterances(seededRandom(options.seed + 2024), prototypes, 300);
  const logProbs = tf.tidy(() => tf.logSoftmax(logitsOf(test)) as tf.Tensor3D);
  const greedy = ctcGreedyDecode(logProbs, { inputLengths: test.frames });
  const beam = ctcBeamSearch(logProbs, { inputLengths: test.frames, beamWidth: options.beam }).map((h) => h[0]?.labels ?? []);
  tf.dispose([logProbs, test.x]);
  const totalLabels = test.labels.reduce((s, l) => s + l.length, 0);
  const ler = (decoded: number[][]): number => decoded.reduce((s, d, n) => s + editDistance(d, test.labels[n] ?? []), 0) / totalLabels;
  const exact = (decoded: number[][]): number => decoded.filter((d, n) => d.join(',') === (test.labels[n] ?? []).join(',')).length / decoded.length;
  const show = (labels: readonly number[]): string => labels.map((c) => String(c - 1)).join('');
  console.log('\nheld-out examples (truth -> beam):');
  for (let n = 0; n < 5; n++) console.log(`  ${show(test.labels[n] ?? []).padEnd(8)} -> ${show(beam[n] ?? [])}`);
  console.log(
    `\n${metricsTable('ctc (300 held-out utterances)', [
      ['steps', `${trainer.step}${loadedSteps > 0 ? ` (${loadedSteps} loaded)` : ''}`],
      ['training time', `${result.seconds.toFixed(1)} s`],
      ['CTC loss (last 10% of steps)', Number.isNaN(finalLoss(result.losses)) ? '-' : finalLoss(result.losses).toFixed(3)],
      ['label error rate, greedy', `${(100 * ler(greedy)).toFixed(2)}%`],
      [`label error rate, beam ${options.beam}`, `${(100 * ler(beam)).toFixed(2)}%`],
      ['exact strings, greedy', `${(100 * exact(greedy)).toFixed(1)}%`],
      [`exact strings, beam ${options.beam}`, `${(100 * exact(beam)).toFixed(1)}%`],
    ])}`,
  );
  trainer.optimizer.dispose();
  model.dispose();
  tf.dispose([headWeight, headBias]);
}

// `pnpm demo seq2seq`: an encoder-decoder with Bahdanau attention learns to reverse digit strings;
// decoded greedily and with beam search on held-out strings.
import * as tf from '@tensorflow/tfjs-core';
import { gruCell } from '@rnnkit/cells';
import type { RandomSource } from '@rnnkit/core';
import { seededRandom } from '@rnnkit/core';
import { bidirectional, cellLayer, encoderDecoder } from '@rnnkit/layers';
import { crossEntropy } from '@rnnkit/losses';
import { metricsTable } from './metrics_table.js';
import type { TaskOptions } from './options.js';
import { finalLoss, trainTask } from './train_task.js';

const START = 10;
const END = 11;
const SHORTEST = 5;
const LONGEST = 12;
const BATCH = 64;
const EMBEDDING = 16;

function digits(random: RandomSource): number[] {
  return Array.from({ length: SHORTEST + Math.floor(random() * (LONGEST - SHORTEST + 1)) }, () => Math.floor(random() * 10));
}

/** Sources padded to LONGEST; decoder inputs the reversal then END (padded with END); loss targets padded with -100. */
function batchOf(strings: readonly number[][]): { source: tf.Tensor2D; lengths: number[]; target: tf.Tensor2D; labels: tf.Tensor2D } {
  const size = strings.length;
  const source = new Int32Array(size * LONGEST);
  const target = new Int32Array(size * (LONGEST + 1)).fill(END);
  const labels = new Int32Array(size * (LONGEST + 1)).fill(-100);
  strings.forEach((s, n) => {
    s.forEach((d, t) => {
      source[n * LONGEST + t] = d;
      target[n * (LONGEST + 1) + (s.length - 1 - t)] = d;
      labels[n * (LONGEST + 1) + (s.length - 1 - t)] = d;
    });
    labels[n * (LONGEST + 1) + s.length] = END;
  });
  return {
    source: tf.tensor2d(source, [size, LONGEST], 'int32'),
    lengths: strings.map((s) => s.length),
    target: tf.tensor2d(target, [size, LONGEST + 1], 'int32'),
    labels: tf.tensor2d(labels, [size, LONGEST + 1], 'int32'),
  };
}

export function runSeq2seq(options: TaskOptions): void {
  const hidden = options.hidden;
  console.log(`seq2seq: GRU encoder (bidirectional, ${hidden / 2} per direction) + GRU decoder (${hidden}) with Bahdanau attention, reversing digit strings of ${SHORTEST}-${LONGEST}; backend ${tf.getBackend()}`);
  if (hidden % 2 !== 0) throw new Error(`--hidden must be even for seq2seq (split over two encoder directions), got ${hidden}`);
  const half = hidden / 2;
  const model = encoderDecoder({
    sourceVocab: 10,
    targetVocab: 12,
    embeddingSize: EMBEDDING,
    encoder: bidirectional(cellLayer(gruCell({ inputSize: EMBEDDING, hiddenSize: half })), cellLayer(gruCell({ inputSize: EMBEDDING, hiddenSize: half }))),
    decoder: gruCell({ inputSize: EMBEDDING + hidden, hiddenSize: hidden }),
    attention: 'bahdanau',
    startToken: START,
    endToken: END,
    seed: options.seed,
  });
  const { trainer, result, loadedSteps } = trainTask(
    'seq2seq',
    options,
    model.parameters,
    (step) => {
      const random = seededRandom(options.seed * 1_000_003 + step + 29);
      const b = batchOf(Array.from({ length: BATCH }, () => digits(random)));
      const { logits } = model.forward({ tokens: b.source, lengths: b.lengths }, b.target, { training: true });
      const loss = crossEntropy(logits, b.labels) as tf.Scalar;
      tf.dispose([b.source, b.target, b.labels]);
      return loss;
    },
    BATCH,
    'strings',
  );
  const testRandom = seededRandom(options.seed + 4242);
  const test = Array.from({ length: 300 }, () => digits(testRandom));
  const b = batchOf(test);
  const source = { tokens: b.source, lengths: b.lengths };
  const greedy = model.greedy(source, { maxLength: LONGEST + 2 }).map((h) => h.tokens);
  const beam = model.beamSearch(source, { maxLength: LONGEST + 2, beamWidth: options.beam }).map((hs) => hs[0]?.tokens ?? []);
  tf.dispose([b.source, b.target, b.labels]);
  const reversed = test.map((s) => [...s].reverse());
  const exact = (decoded: number[][]): number => decoded.filter((d, n) => d.join('') === (reversed[n] ?? []).join('')).length / decoded.length;
  const tokenAccuracy = (decoded: number[][]): number =>
    decoded.reduce((s, d, n) => s + (reversed[n] ?? []).filter((t, i) => d[i] === t).length, 0) / reversed.reduce((s, r) => s + r.length, 0);
  console.log('\nheld-out examples (input -> beam):');
  for (let n = 0; n < 5; n++) console.log(`  ${(test[n] ?? []).join('').padEnd(LONGEST)} -> ${(beam[n] ?? []).join('')}`);
  console.log(
    `\n${metricsTable('seq2seq (300 held-out strings)', [
      ['steps', `${trainer.step}${loadedSteps > 0 ? ` (${loadedSteps} loaded)` : ''}`],
      ['training time', `${result.seconds.toFixed(1)} s`],
      ['cross-entropy (last 10% of steps)', Number.isNaN(finalLoss(result.losses)) ? '-' : finalLoss(result.losses).toFixed(4)],
      ['exact reversals, greedy', `${(100 * exact(greedy)).toFixed(1)}%`],
      [`exact reversals, beam ${options.beam}`, `${(100 * exact(beam)).toFixed(1)}%`],
      ['digits in place, greedy', `${(100 * tokenAccuracy(greedy)).toFixed(2)}%`],
    ])}`,
  );
  trainer.optimizer.dispose();
  model.dispose();
}

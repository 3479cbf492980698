// A bidirectional LSTM trained with the CTC loss learns to read digit strings from noisy frames.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { editDistance, seededRandom } from '@rnnkit/core';
import type { RandomSource } from '@rnnkit/core';
import { lstm } from '@rnnkit/layers';
import { tensorCountsOverSteps, useBackend } from '@rnnkit/testing';
import { ctcBeamSearch, ctcGreedyDecode, ctcLoss } from '../index.js';

const FEATURES = 12;
const DIGITS = 10;
const CLASSES = DIGITS + 1; // class 0 is the blank, digit d is class d + 1
const HIDDEN = 24;
// Frame noise relative to prototypes of unit variance: at 0.8 a single frame is often misread.
const NOISE = 0.8;

interface Batch {
  x: tf.Tensor3D;
  targets: number[][];
  inputLengths: number[];
}

function normal(random: RandomSource): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function randomInt(random: RandomSource, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** A prototype frame per digit plus one for silence; every frame is a prototype plus noise. */
function makePrototypes(random: RandomSource): number[][] {
  return Array.from({ length: DIGITS + 1 }, () => Array.from({ length: FEATURES }, () => normal(random)));
}

/**
 * Digit strings of 3 to 6 digits, each digit held 2 to 4 frames, with 0 to 2 frames of silence
 * around and between digits (at least one between two equal digits, or they would merge).
 */
function makeBatch(random: RandomSource, prototypes: number[][], size: number, noise: number): Batch {
  const sequences: { frames: number[][]; labels: number[] }[] = [];
  for (let n = 0; n < size; n++) {
    const digits = Array.from({ length: randomInt(random, 3, 6) }, () => randomInt(random, 0, DIGITS - 1));
    const frames: number[][] = [];
    const emit = (kind: number, count: number): void => {
      for (let k = 0; k < count; k++) frames.push((prototypes[kind] as number[]).map((v) => v + noise * normal(random)));
    };
    emit(DIGITS, randomInt(random, 0, 2));
    digits.forEach((d, i) => {
      if (i > 0) emit(DIGITS, randomInt(random, d === digits[i - 1] ? 1 : 0, 2));
      emit(d, randomInt(random, 2, 4));
    });
    emit(DIGITS, randomInt(random, 0, 2));
    sequences.push({ frames, labels: digits.map((d) => d + 1) });
  }
  const steps = Math.max(...sequences.map((s) => s.frames.length));
  const values = new Float32Array(steps * size * FEATURES);
  sequences.forEach((s, n) => {
    s.frames.forEach((frame, t) => values.set(frame, (t * size + n) * FEATURES));
  });
  return {
    x: tf.tensor3d(values, [steps, size, FEATURES]),
    targets: sequences.map((s) => s.labels),
    inputLengths: sequences.map((s) => s.frames.length),
  };
}

function padTargets(targets: number[][]): number[][] {
  const width = Math.max(...targets.map((t) => t.length));
  return targets.map((t) => [...t, ...new Array<number>(width - t.length).fill(0)]);
}

function labelErrorRate(decoded: number[][], targets: number[][]): number {
  const errors = decoded.reduce((acc, d, n) => acc + editDistance(d, targets[n] as number[]), 0);
  return errors / targets.reduce((acc, t) => acc + t.length, 0);
}

describe('bidirectional LSTM + CTC on noisy digit strings [wasm]', () => {
  const random = seededRandom(7);
  const prototypes = makePrototypes(random);
  // Built after the backend is set, so the variables live on wasm.
  let model: ReturnType<typeof lstm>;
  let head: { weight: tf.Variable; bias: tf.Variable };
  let variables: tf.Variable[];

  const logitsOf = (batch: Batch): tf.Tensor3D =>
    tf.tidy(() => {
      const { output } = model.forward(batch.x, { lengths: batch.inputLengths });
      const [steps, size, features] = output.shape;
      const flat = tf.add(tf.matMul(tf.reshape(output, [steps * size, features]), head.weight), head.bias);
      return tf.reshape(flat, [steps, size, CLASSES]);
    });

  beforeAll(async () => {
    await useBackend('wasm');
    model = lstm({ inputSize: FEATURES, hiddenSize: HIDDEN, numLayers: 1, bidirectional: true, seed: 3 });
    const init = seededRandom(11);
    head = {
      weight: tf.variable(tf.tensor2d(Array.from({ length: 2 * HIDDEN * CLASSES }, () => (init() - 0.5) * 0.4), [2 * HIDDEN, CLASSES])),
      bias: tf.variable(tf.zeros([CLASSES])),
    };
    variables = [...Object.values(model.parameters), head.weight, head.bias];
  });

  afterAll(() => {
    model.dispose();
    head.weight.dispose();
    head.bias.dispose();
  });

  it('reaches <= 5% label error rate on held-out sequences with both decoders', async () => {
    const started = Date.now();
    const optimizer = tf.train.adam(0.02);
    const validation = makeBatch(random, prototypes, 128, NOISE);
    const step = (): number => {
      const batch = makeBatch(random, prototypes, 32, NOISE);
      const targets = padTargets(batch.targets);
      const targetLengths = batch.targets.map((t) => t.length);
      const cost = optimizer.minimize(
        () => ctcLoss(logitsOf(batch), targets, batch.inputLengths, targetLengths, { fromLogits: true }) as tf.Scalar,
        true,
        variables,
      );
      const value = cost === null ? NaN : (cost.dataSync()[0] as number);
      cost?.dispose();
      batch.x.dispose();
      return value;
    };
    // No tensor may leak from a training step.
    const counts = await tensorCountsOverSteps(() => {
      step();
    }, 10);
    expect(counts.afterLast).toBe(counts.afterSecond);
    let steps = 10;
    let validationLer: number;
    let loss = NaN;
    while (steps < 400) {
      loss = step();
      steps++;
      if (steps % 25 === 0) {
        const logits = logitsOf(validation);
        validationLer = labelErrorRate(ctcGreedyDecode(logits, { inputLengths: validation.inputLengths }), validation.targets);
        logits.dispose();
        if (validationLer <= 0.015) break;
      }
    }
    expect(Number.isFinite(loss)).toBe(true);
    const test = makeBatch(seededRandom(2024), prototypes, 200, NOISE);
    const logits = logitsOf(test);
    const logProbs = tf.logSoftmax(logits) as tf.Tensor3D;
    const greedy = ctcGreedyDecode(logProbs, { inputLengths: test.inputLengths });
    const beam = ctcBeamSearch(logProbs, { inputLengths: test.inputLengths, beamWidth: 8 }).map((h) => (h[0]?.labels ?? []));
    const greedyLer = labelErrorRate(greedy, test.targets);
    const beamLer = labelErrorRate(beam, test.targets);
    tf.dispose([logits, logProbs, test.x, validation.x]);
    optimizer.dispose();
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`ctc learning: ${steps} steps, loss ${loss.toFixed(3)}, held-out LER greedy ${(100 * greedyLer).toFixed(2)}%, beam ${(100 * beamLer).toFixed(2)}%, ${seconds.toFixed(1)} s\n`);
    expect(greedyLer).toBeLessThanOrEqual(0.05);
    expect(beamLer).toBeLessThanOrEqual(0.05);
  }, 180_000);
});

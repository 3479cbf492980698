// Full and truncated BPTT loops: carried state and where the gradient stops, no leaks, early
// stopping, progress events, and checkpoints that resume exactly.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@rnnkit/core';
import type { RecurrentModule } from '@rnnkit/layers';
import { lstm } from '@rnnkit/layers';
import { useBackend } from '@rnnkit/testing';
import type { ProgressEvent } from '../index.js';
import { CarriedState, EarlyStopping, Trainer, adam, cosineDecay, fit, linearWarmup, sgd, truncatedBptt } from '../index.js';
import { loadCheckpoint, saveCheckpoint } from '../node.js';

beforeAll(async () => {
  await useBackend('wasm');
});

const T = 4;
const N = 3;

/** A tiny regression model: LSTM(3 -> 5) and a (5 -> 2) head kept (in, out). */
function model(seed: number): { rnn: RecurrentModule; head: tf.Variable; variables: Record<string, tf.Variable>; dispose(): void } {
  const rnn = lstm({ inputSize: 3, hiddenSize: 5, seed });
  const head = tf.tidy(() => tf.variable(tf.randomUniform([5, 2], -0.5, 0.5, 'float32', seed)));
  return { rnn, head, variables: { ...rnn.parameters, 'head.weight': head }, dispose: () => { rnn.dispose(); head.dispose(); } };
}

/** Input and target of chunk `k` of a stream: deterministic in k. */
function chunk(k: number, offset = 0): { x: tf.Tensor3D; y: tf.Tensor3D } {
  const r = seededRandom(1000 + k);
  const x = tf.tensor3d(Array.from({ length: T * N * 3 }, () => r() * 2 - 1 + offset), [T, N, 3]);
  const y = tf.tensor3d(Array.from({ length: T * N * 2 }, () => r()), [T, N, 2]);
  return { x, y };
}

function chunkLoss(m: ReturnType<typeof model>, k: number, initialState: Record<string, tf.Tensor3D> | undefined, offset = 0): { loss: tf.Scalar; state: Record<string, tf.Tensor> } {
  const { x, y } = chunk(k, offset);
  const { output, state } = m.rnn.forward(x, initialState === undefined ? {} : { initialState });
  const prediction = tf.reshape(tf.matMul(tf.reshape(output, [T * N, 5]), m.head), [T, N, 2]);
  return { loss: tf.mean(tf.square(tf.sub(prediction, y))), state };
}

describe('truncated BPTT', () => {
  it('carries the state across chunks and stops the gradient at each chunk boundary', () => {
    const m = model(1);
    const carried = new CarriedState();
    const trainer = new Trainer({ variables: m.variables, optimizer: sgd({ learningRate: 0 }) });
    const norms: number[] = [];
    truncatedBptt(trainer, { steps: 2, carried, chunkLoss: (k, s) => chunkLoss(m, k, s), afterStep: (r) => norms.push(r.gradNorm) });
    // The carried state is the state after both chunks run back to back.
    const { x: x0 } = chunk(0);
    const { x: x1 } = chunk(1);
    const whole = m.rnn.forward(tf.concat([x0, x1], 0) as tf.Tensor3D);
    const carriedH = carried.state?.['h'];
    expect(carriedH?.shape).toEqual([1, N, 5]);
    const diff = tf.max(tf.abs(tf.sub(carriedH as tf.Tensor, whole.state['h'] as tf.Tensor))).dataSync()[0];
    expect(diff).toBeLessThan(1e-6);
    // The second step's gradient is that of chunk 1 alone from a constant initial state.
    const first = m.rnn.forward(x0);
    const manual = tf.variableGrads(() => chunkLoss(m, 1, first.state).loss, Object.values(m.variables));
    const manualNorm = Math.sqrt(Object.values(manual.grads).reduce((s, g) => s + (tf.sum(tf.square(g)).dataSync()[0] ?? NaN), 0));
    expect(Math.abs((norms[1] ?? NaN) - manualNorm)).toBeLessThan(1e-5 * manualNorm);
    // Through both chunks the gradient would differ: the cut is real.
    const through = tf.variableGrads(() => {
      const a = chunkLoss(m, 0, undefined);
      return chunkLoss(m, 1, a.state as Record<string, tf.Tensor3D>).loss;
    }, Object.values(m.variables));
    const throughNorm = Math.sqrt(Object.values(through.grads).reduce((s, g) => s + (tf.sum(tf.square(g)).dataSync()[0] ?? NaN), 0));
    expect(Math.abs(throughNorm - manualNorm)).toBeGreaterThan(1e-4 * manualNorm);
    tf.dispose([x0, x1, whole.output, ...Object.values(whole.state), first.output, ...Object.values(first.state), manual.value, ...Object.values(manual.grads), through.value, ...Object.values(through.grads)]);
    carried.reset();
    expect(carried.state).toBeUndefined();
    trainer.optimizer.dispose();
    m.dispose();
  });

  it('lowers the loss and keeps the tensor count flat from step 2, with resets and clipping', () => {
    const m = model(2);
    const trainer = new Trainer({ variables: m.variables, optimizer: adam({ learningRate: 0.02 }), clipNorm: 1, clipValue: 0.5 });
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    const result = truncatedBptt(trainer, {
      steps: 40,
      chunkLoss: (k, s) => chunkLoss(m, k % 4, s),
      resetBefore: (k) => k % 4 === 0,
      afterStep: () => counts.push(tf.memory().numTensors),
    });
    expect(counts.slice(2).every((c) => c === counts[1])).toBe(true);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(result.losses.slice(-8))).toBeLessThan(0.6 * mean(result.losses.slice(0, 8)));
    trainer.optimizer.dispose();
    // Only the optimizer's slots were added, and they are gone again.
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});

describe('fit', () => {
  it('reports progress every step and stops early when the validation metric stalls', () => {
    const m = model(3);
    const trainer = new Trainer({ variables: m.variables, optimizer: sgd({ learningRate: 0.05 }), schedule: linearWarmup(cosineDecay({ learningRate: 0.05, totalSteps: 30 }), 3) });
    const events: ProgressEvent[] = [];
    const metrics = [5, 4, 4.5, 4.2, 4.1, 3, 1];
    let call = 0;
    const stopper = new EarlyStopping({ patience: 3, minDelta: 0.05 });
    const result = fit(trainer, {
      steps: 30,
      tokensPerStep: T * N,
      // Full BPTT: every step runs whole sequences from a zero state.
      loss: (k) => chunkLoss(m, k % 3, undefined).loss,
      validate: { every: 2, metric: () => metrics[call++] ?? 0, earlyStopping: stopper },
      onProgress: (e) => events.push(e),
    });
    // Metrics 5, 4 improve; 4.5, 4.2, 4.1 do not beat 4 by 0.05: stop after the 5th evaluation.
    expect(result.stoppedEarly).toBe(true);
    expect(result.validations).toEqual([2, 4, 6, 8, 10].map((step, i) => ({ step, metric: metrics[i] })));
    expect(trainer.step).toBe(10);
    expect(stopper.state).toEqual({ best: 4, bestStep: 4, waited: 3 });
    expect(events.map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(events.map((e) => e.learningRate.toFixed(6))).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => ((0.05 * (1 + Math.cos((Math.PI * k) / 30))) / 2 * (k < 3 ? (k + 1) / 3 : 1)).toFixed(6)),
    );
    for (const e of events) {
      expect(e.totalSteps).toBe(30);
      expect(e.tokensPerSecond).toBeGreaterThan(0);
      expect(e.etaSeconds).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(e.loss)).toBe(true);
    }
    expect(events[9]?.validation).toBe(4.1);
    expect(() => fit(trainer, { steps: -1, loss: () => tf.scalar(0) })).toThrow('fit: steps must be an integer >= 0, got -1');
    trainer.optimizer.dispose();
    m.dispose();
  });
});

describe('checkpoints', () => {
  /**
   * Trains towards 12 steps, from a checkpoint when given; with `crashAfter`, saves a checkpoint
   * after that step and then dies, the way an interrupted run does.
   */
  function run(options: { crashAfter?: number; resumeFrom?: string; dir: string }): { params: Record<string, Float32Array>; losses: number[] } {
    const m = model(options.resumeFrom === undefined ? 7 : 99);
    const carried = new CarriedState();
    const trainer = new Trainer({
      variables: m.variables,
      optimizer: adam({ learningRate: 0.01 }),
      schedule: linearWarmup(cosineDecay({ learningRate: 0.01, totalSteps: 12 }), 2),
      clipNorm: 0.5,
      seed: 5,
    });
    const stopper = new EarlyStopping();
    const marker = tf.tensor([1, 2]);
    const losses: number[] = [];
    try {
      if (options.resumeFrom !== undefined) {
        const restored = loadCheckpoint(options.resumeFrom, trainer, { carried, earlyStopping: stopper });
        expect(restored.json).toEqual({ note: 'mine' });
        expect(Array.from((restored.tensors['marker'] as tf.Tensor).dataSync())).toEqual([1, 2]);
        tf.dispose(Object.values(restored.tensors));
      }
      truncatedBptt(trainer, {
        steps: 12,
        carried,
        // Data drawn from the trainer's generator, so its state must be restored too.
        chunkLoss: (k, s) => chunkLoss(m, trainer.random.int(8), s, k % 5 === 0 ? 0 : 0.1),
        resetBefore: (k) => k % 5 === 0,
        afterStep: (r) => losses.push(r.loss),
        validate: { every: 3, metric: () => trainer.random.next(), earlyStopping: stopper },
        checkpoint: {
          every: 1,
          save: (step) => {
            if (step !== options.crashAfter) return;
            saveCheckpoint(path.join(options.dir, 'ckpt'), trainer, { carried, earlyStopping: stopper, tensors: { marker }, json: { note: 'mine' } });
            throw new Error('interrupted');
          },
        },
      });
    } catch (e) {
      if (!(e instanceof Error) || e.message !== 'interrupted') throw e;
    }
    const params = Object.fromEntries(Object.entries(m.variables).map(([k, v]) => [k, v.dataSync() as Float32Array]));
    marker.dispose();
    carried.dispose();
    trainer.optimizer.dispose();
    m.dispose();
    return { params, losses };
  }

  it('resumes exactly: the same losses and bit-identical parameters as an uninterrupted run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnkit-train-'));
    const before = tf.memory().numTensors;
    const straight = run({ dir });
    const first = run({ crashAfter: 7, dir });
    expect(fs.existsSync(path.join(dir, 'ckpt.safetensors'))).toBe(true);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'ckpt.json'), 'utf8')) as { step: number; optimizer: { kind: string } };
    expect([json.step, json.optimizer.kind]).toEqual([7, 'adam']);
    const resumed = run({ resumeFrom: path.join(dir, 'ckpt'), dir });
    expect(straight.losses).toHaveLength(12);
    expect(first.losses).toEqual(straight.losses.slice(0, 7));
    expect(resumed.losses).toEqual(straight.losses.slice(7));
    for (const [name, values] of Object.entries(straight.params)) {
      expect(Array.from(resumed.params[name] ?? [])).toEqual(Array.from(values));
    }
    expect(tf.memory().numTensors).toBe(before);
    fs.rmSync(dir, { recursive: true });
  });

  it('refuses a checkpoint that does not fit, naming what is wrong, and changes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnkit-train-'));
    const m = model(1);
    const trainer = new Trainer({ variables: m.variables, optimizer: adam() });
    saveCheckpoint(path.join(dir, 'a'), trainer);
    const other = lstm({ inputSize: 3, hiddenSize: 6, seed: 0 });
    const wrong = new Trainer({ variables: { ...other.parameters, extra: m.head }, optimizer: sgd() });
    const before = other.parameters['weight_hh_l0']?.dataSync().slice();
    expect(() => loadCheckpoint(path.join(dir, 'a'), wrong)).toThrow(
      "restoreTrainer: the checkpoint does not fit the trainer (missing parameters: extra; unexpected parameters: head.weight; weight_ih_l0 is float32 [20, 3], the variable float32 [24, 3]",
    );
    expect(Array.from(other.parameters['weight_hh_l0']?.dataSync() ?? [])).toEqual(Array.from(before ?? []));
    expect(() => loadCheckpoint(path.join(dir, 'missing'), trainer)).toThrow('loadCheckpoint: cannot read');
    fs.writeFileSync(path.join(dir, 'a.json'), '{"format": "other"}');
    expect(() => loadCheckpoint(path.join(dir, 'a'), trainer)).toThrow('restoreTrainer: the checkpoint is not an rnnkit checkpoint of version 1');
    other.dispose();
    m.dispose();
    fs.rmSync(dir, { recursive: true });
  });
});

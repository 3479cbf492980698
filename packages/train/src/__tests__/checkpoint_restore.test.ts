// Checkpoints restored all or nothing, and a resume with dropout that is bit-identical.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { InputError, seededRandom } from '@rnnkit/core';
import type { RecurrentModule } from '@rnnkit/layers';
import { lstm } from '@rnnkit/layers';
import { useBackend } from '@rnnkit/testing';
import type { Checkpoint } from '../index.js';
import { EarlyStopping, Trainer, adam, restoreTrainer, trainerCheckpoint } from '../index.js';
import { loadCheckpoint, saveCheckpoint } from '../node.js';

beforeAll(async () => {
  await useBackend('wasm');
});

const T = 4;
const N = 3;

/** A 2-layer LSTM with dropout between the layers, and its trainer; dropout's generator is checkpointed. */
function setup(seed: number, withGenerator = true): { model: RecurrentModule; trainer: Trainer } {
  const model = lstm({ inputSize: 3, hiddenSize: 5, numLayers: 2, dropout: 0.5, seed });
  const trainer = new Trainer({
    variables: model.parameters,
    optimizer: adam({ learningRate: 0.01 }),
    seed: 7,
    ...(withGenerator ? { randomGenerators: { dropout: model.random } } : {}),
  });
  return { model, trainer };
}

/** The loss of step k: fixed data per step, dropout drawn from the model's generator. */
function lossOf(model: RecurrentModule, k: number): () => tf.Scalar {
  return () => {
    const r = seededRandom(100 + k);
    const x = tf.tensor3d(Array.from({ length: T * N * 3 }, () => r() * 2 - 1), [T, N, 3]);
    const { output } = model.forward(x, { training: true });
    return tf.mean(tf.square(tf.sub(output, 0.25)));
  };
}

function train(model: RecurrentModule, trainer: Trainer, until: number): number[] {
  const losses: number[] = [];
  while (trainer.step < until) losses.push(trainer.trainStep(lossOf(model, trainer.step)).loss);
  return losses;
}

/** Every value a restore may change: variables, optimizer slots and counters, random states, step. */
function snapshot(trainer: Trainer, stopper?: EarlyStopping): unknown {
  const state = trainer.optimizer.state();
  return {
    variables: Object.fromEntries(Object.entries(trainer.variables).map(([k, v]) => [k, Array.from(v.dataSync())])),
    slots: Object.fromEntries(Object.entries(state.tensors).map(([k, v]) => [k, Array.from(v.dataSync())])),
    values: { ...state.values },
    learningRate: trainer.optimizer.learningRate,
    random: trainer.random.state,
    generators: Object.fromEntries(Object.entries(trainer.randomGenerators).map(([k, g]) => [k, g.state])),
    step: trainer.step,
    early: stopper?.state,
  };
}

/** A deep copy of a checkpoint, so corrupting it never touches the live trainer. */
function copy(checkpoint: Checkpoint): Checkpoint {
  return {
    tensors: Object.fromEntries(Object.entries(checkpoint.tensors).map(([k, v]) => [k, tf.clone(v)])),
    json: structuredClone(checkpoint.json),
  };
}

describe('restoreTrainer', () => {
  it('refuses each corrupted checkpoint and leaves every variable, slot and counter exactly as it was', () => {
    const { model, trainer } = setup(1);
    const stopper = new EarlyStopping();
    stopper.update(1.5, 2);
    train(model, trainer, 3);
    const saved = copy(trainerCheckpoint(trainer, { earlyStopping: stopper }));
    train(model, trainer, 5);
    const before = snapshot(trainer, stopper);
    const slot = Object.keys(saved.tensors).find((k) => k.startsWith('optimizer.v.')) as string;
    const param = Object.keys(saved.tensors).find((k) => k.startsWith('param.')) as string;
    const corruptions: Array<[string, (c: Checkpoint) => void]> = [
      ['a missing optimizer slot', (c) => { delete c.tensors[slot]; }],
      ['a renamed optimizer slot', (c) => { c.tensors[`${slot}_renamed`] = c.tensors[slot] as tf.Tensor; delete c.tensors[slot]; }],
      ['a wrong-shape slot', (c) => { c.tensors[slot] = tf.zeros([1]); }],
      ['a negative second moment', (c) => { c.tensors[slot] = tf.neg(tf.add(c.tensors[slot] as tf.Tensor, 1)); }],
      ['a NaN parameter', (c) => { c.tensors[param] = tf.fill((c.tensors[param] as tf.Tensor).shape, Number.NaN); }],
      ['a disposed parameter', (c) => { (c.tensors[param] as tf.Tensor).dispose(); }],
      ['a parameter of the wrong shape (the last one checked)', (c) => { const last = Object.keys(c.tensors).filter((k) => k.startsWith('param.')).pop() as string; c.tensors[last] = tf.zeros([1]); }],
      ['a learning rate of "fast"', (c) => { (c.json.optimizer.values as Record<string, unknown>)['learningRate'] = 'fast'; }],
      ['a learning rate of -1', (c) => { c.json.optimizer.values['learningRate'] = -1; }],
      ['optimizer values null', (c) => { (c.json.optimizer as { values: unknown }).values = null; }],
      ['no dropout generator state', (c) => { delete c.json.randomGenerators; }],
      ['a dropout state out of range', (c) => { c.json.randomGenerators = { dropout: -1 }; }],
      ['early stopping of the wrong shape', (c) => { (c.json as unknown as Record<string, unknown>)['earlyStopping'] = { best: 'x', waited: 0 }; }],
      ['a step of 1.5', (c) => { c.json.step = 1.5; }],
    ];
    for (const [what, corrupt] of corruptions) {
      const bad = copy(saved);
      corrupt(bad);
      let error: unknown;
      try {
        restoreTrainer(trainer, bad, { earlyStopping: stopper });
      } catch (e) {
        error = e;
      }
      expect({ what, isInputError: error instanceof InputError }).toEqual({ what, isInputError: true });
      expect({ what, after: snapshot(trainer, stopper) }).toEqual({ what, after: before });
      tf.dispose(Object.values(bad.tensors).filter((t) => !t.isDisposed));
    }
    // The untouched copy restores, and then the state is the saved one, not the later one.
    restoreTrainer(trainer, saved, { earlyStopping: stopper });
    expect(trainer.step).toBe(3);
    expect(snapshot(trainer, stopper)).not.toEqual(before);
    tf.dispose(Object.values(saved.tensors));
    trainer.optimizer.dispose();
    model.dispose();
  });

  it('restores from its own live checkpoint (the slots themselves) without losing them', () => {
    const { model, trainer } = setup(3);
    train(model, trainer, 2);
    const before = snapshot(trainer);
    restoreTrainer(trainer, trainerCheckpoint(trainer));
    expect(snapshot(trainer)).toEqual(before);
    train(model, trainer, 3);
    trainer.optimizer.dispose();
    model.dispose();
  });
});

describe('resume with dropout', () => {
  it('is bit-identical to an uninterrupted run, and is not without the dropout generator', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnkit-resume-'));
    const whole = setup(1);
    const firstLosses = train(whole.model, whole.trainer, 3);
    saveCheckpoint(path.join(dir, 'ckpt'), whole.trainer);
    const wholeLosses = [...firstLosses, ...train(whole.model, whole.trainer, 8)];
    const expected = snapshot(whole.trainer);

    // Another seed: everything that matters must come from the checkpoint.
    const resumed = setup(99);
    loadCheckpoint(path.join(dir, 'ckpt'), resumed.trainer);
    const resumedLosses = train(resumed.model, resumed.trainer, 8);
    expect(resumedLosses).toEqual(wholeLosses.slice(3));
    expect(snapshot(resumed.trainer)).toEqual(expected);

    // The control: the same resume without the dropout generator's state draws other masks.
    const blind = setup(99, false);
    const source = fs.readFileSync(path.join(dir, 'ckpt.json'), 'utf8');
    const withoutGenerators = JSON.parse(source) as Record<string, unknown>;
    delete withoutGenerators['randomGenerators'];
    fs.writeFileSync(path.join(dir, 'blind.json'), JSON.stringify(withoutGenerators));
    fs.copyFileSync(path.join(dir, 'ckpt.safetensors'), path.join(dir, 'blind.safetensors'));
    loadCheckpoint(path.join(dir, 'blind'), blind.trainer);
    const blindLosses = train(blind.model, blind.trainer, 8);
    expect(blindLosses).not.toEqual(wholeLosses.slice(3));

    for (const run of [whole, resumed, blind]) {
      run.trainer.optimizer.dispose();
      run.model.dispose();
    }
    fs.rmSync(dir, { recursive: true });
  });
});

describe('saveCheckpoint', () => {
  it('fails clearly on a missing directory or a directory path and leaves no file behind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnkit-save-'));
    const { model, trainer } = setup(2);
    expect(() => saveCheckpoint(path.join(dir, 'missing', 'ckpt'), trainer)).toThrow(/saveCheckpoint: cannot write .*: the directory .*missing does not exist/);
    fs.mkdirSync(path.join(dir, 'ckpt.json'));
    expect(() => saveCheckpoint(path.join(dir, 'ckpt'), trainer)).toThrow(/saveCheckpoint: cannot write .*ckpt.json: it is a directory/);
    expect(fs.readdirSync(dir)).toEqual(['ckpt.json']);
    expect(fs.readdirSync(path.join(dir, 'ckpt.json'))).toEqual([]);
    fs.rmSync(dir, { recursive: true });
    trainer.optimizer.dispose();
    model.dispose();
  });
});

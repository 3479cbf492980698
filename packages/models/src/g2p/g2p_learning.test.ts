// Both g2p models learn: the phoneme error rate on a small subset falls well below where it
// started, a training step leaks no tensors, and the weights survive a file round trip.
import { beforeAll, describe, expect, it } from '@jest/globals';
import type * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import { tensorCountsOverSteps, useBackend } from '@rnnkit/testing';
import { Trainer, adam } from '@rnnkit/train';
import type { LexiconWord } from './cmudict_lexicon.js';
import { createG2pModel } from './create_g2p_model.js';
import { evaluateG2p } from './evaluate_g2p.js';
import { g2pBatches } from './g2p_batches.js';
import type { G2pConfig, G2pModel } from './g2p_model.js';
import { g2pModelFromBytes, g2pWeightsBytes } from './g2p_weights.js';

/** Short words whose spelling maps onto their phonemes regularly: a subset a small model can learn fast. */
const WORDS: LexiconWord[] = [
  ['CAT', 'K AE T'], ['BAT', 'B AE T'], ['HAT', 'HH AE T'], ['MAT', 'M AE T'], ['SAT', 'S AE T'], ['PAT', 'P AE T'],
  ['CAN', 'K AE N'], ['BAN', 'B AE N'], ['MAN', 'M AE N'], ['PAN', 'P AE N'], ['TAN', 'T AE N'], ['FAN', 'F AE N'],
  ['BIT', 'B IH T'], ['HIT', 'HH IH T'], ['SIT', 'S IH T'], ['PIT', 'P IH T'], ['FIT', 'F IH T'], ['KIT', 'K IH T'],
  ['BIN', 'B IH N'], ['PIN', 'P IH N'], ['TIN', 'T IH N'], ['FIN', 'F IH N'], ['SIN', 'S IH N'], ['KIN', 'K IH N'],
  ['HOT', 'HH AA T'], ['POT', 'P AA T'], ['COT', 'K AA T'], ['DOT', 'D AA T'], ['NOT', 'N AA T'], ['TOT', 'T AA T'],
  ['BUT', 'B AH T'], ['CUT', 'K AH T'], ['HUT', 'HH AH T'], ['NUT', 'N AH T'], ['PUT', 'P UH T'], ['SUN', 'S AH N'],
].map(([word, p]) => ({ word: word as string, pronunciations: [(p as string).split(' ')], stressed: [(p as string).split(' ')] }));

beforeAll(async () => {
  await useBackend('wasm');
});

function train(model: G2pModel, steps: number, learningRate: number): void {
  const { batchOf } = g2pBatches(WORDS, 12, 0, model.config.model);
  const trainer = new Trainer({ variables: model.parameters, optimizer: adam({ learningRate }), clipNorm: 5, seed: 0 });
  for (let s = 0; s < steps; s++) trainer.trainStep(() => model.loss(batchOf(s)));
  trainer.optimizer.dispose();
}

const CONFIGS: Array<[G2pConfig, number, number]> = [
  [{ model: 'ctc', hidden: 32, layers: 2, dropout: 0, embedding: 16 }, 150, 0.02],
  [{ model: 'attention', hidden: 24, layers: 1, dropout: 0, embedding: 16 }, 120, 0.02],
];

describe.each(CONFIGS)('%o', (config, steps, learningRate) => {
  it('lowers the phoneme error rate on a small subset well below its start', () => {
    const model = createG2pModel(config, 3);
    const before = evaluateG2p(model, WORDS, 1);
    train(model, steps, learningRate);
    const after = evaluateG2p(model, WORDS, config.model === 'ctc' ? 1 : 2);
    expect(before.per).toBeGreaterThan(0.6);
    expect(after.per).toBeLessThan(0.25);
    expect(after.per).toBeLessThan(before.per / 3);
    // The weights written and read back pronounce the same.
    const loaded = g2pModelFromBytes('test', g2pWeightsBytes(model));
    const words = WORDS.map((w) => w.word);
    expect(loaded.pronounce(words, { beam: 1 }).map((p) => p.phonemes)).toEqual(model.pronounce(words, { beam: 1 }).map((p) => p.phonemes));
    loaded.dispose();
    model.dispose();
  });

  it('takes a training step without leaking tensors', async () => {
    const model = createG2pModel(config, 4);
    const { batchOf } = g2pBatches(WORDS, 8, 1, config.model);
    const trainer = new Trainer({ variables: model.parameters, optimizer: adam({ learningRate: 0.01 }), seed: 0 });
    const counts = await tensorCountsOverSteps(() => {
      trainer.trainStep(() => model.loss(batchOf(trainer.step)));
    }, 4);
    expect(counts.afterLast).toBe(counts.afterSecond);
    trainer.optimizer.dispose();
    model.dispose();
  });
});

describe('g2pModelFromBytes', () => {
  it('refuses bytes that are not safetensors, another format, the other model kind and a misshapen tensor', () => {
    const ctc = createG2pModel({ model: 'ctc', hidden: 8, layers: 1, dropout: 0, embedding: 8 }, 0);
    const bytes = g2pWeightsBytes(ctc);
    expect(() => g2pModelFromBytes('load', new Uint8Array([1, 2, 3]))).toThrow(InputError);
    expect(() => g2pModelFromBytes('load', new TextEncoder().encode('not a weights file at all'))).toThrow(/not a readable weights file/);
    expect(() => g2pModelFromBytes('load', bytes, 'attention')).toThrow(/weights are of a ctc model, not attention/);
    const other = createG2pModel({ model: 'ctc', hidden: 9, layers: 1, dropout: 0, embedding: 8 }, 0);
    const params = { ...other.parameters };
    const mixed = g2pWeightsBytes({ ...ctc, parameters: { ...ctc.parameters, 'head.bias': params['head.weight'] as tf.Variable } });
    expect(() => g2pModelFromBytes('load', mixed)).toThrow(/head.bias in the wrong shape/);
    other.dispose();
    ctc.dispose();
  });
});

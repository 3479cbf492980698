// Both g2p models learn: the phoneme error rate on a small inline lexicon falls well below where
// it started, a training step leaks no tensors, and the weights survive a bytes round trip.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import { writeSafetensors } from '@rnnkit/io';
import { tensorCountsOverSteps, useBackend } from '@rnnkit/testing';
import { Trainer, adam } from '@rnnkit/train';
import { AttentionG2pModel } from './attention_g2p_model.js';
import { CtcG2pModel } from './ctc_g2p_model.js';
import type { G2pBatch, G2pModel } from './g2p_model.js';
import { g2pModelFromBytes, g2pModelToBytes } from './g2p_weights.js';
import { phonemeErrorRates } from './phoneme_error_rates.js';
import { phonemeIds } from './phoneme_ids.js';

/** Short words whose spelling maps onto their phonemes regularly: a lexicon a small model learns fast. */
const LEXICON: ReadonlyArray<readonly [string, string[]]> = ([
  ['CAT', 'K AE T'], ['BAT', 'B AE T'], ['HAT', 'HH AE T'], ['MAT', 'M AE T'], ['SAT', 'S AE T'], ['PAT', 'P AE T'],
  ['CAN', 'K AE N'], ['BAN', 'B AE N'], ['MAN', 'M AE N'], ['PAN', 'P AE N'], ['TAN', 'T AE N'], ['FAN', 'F AE N'],
  ['BIT', 'B IH T'], ['HIT', 'HH IH T'], ['SIT', 'S IH T'], ['PIT', 'P IH T'], ['FIT', 'F IH T'], ['KIT', 'K IH T'],
  ['BIN', 'B IH N'], ['PIN', 'P IH N'], ['TIN', 'T IH N'], ['FIN', 'F IH N'], ['SIN', 'S IH N'], ['KIN', 'K IH N'],
  ['HOT', 'HH AA T'], ['POT', 'P AA T'], ['COT', 'K AA T'], ['DOT', 'D AA T'], ['NOT', 'N AA T'], ['TOT', 'T AA T'],
  ['BUT', 'B AH T'], ['CUT', 'K AH T'], ['HUT', 'HH AH T'], ['NUT', 'N AH T'], ['PUT', 'P UH T'], ['SUN', 'S AH N'],
] as const).map(([word, p]) => [word, p.split(' ')] as const);
const WORDS = LEXICON.map(([w]) => w);

/** Batch `step` of `size` words: a window moving through the lexicon taken in steps of 7 (coprime with its 36 words). */
function batchOf(step: number, size: number): G2pBatch {
  const chosen = Array.from({ length: size }, (_, k) => LEXICON[((step * size + k) * 7) % LEXICON.length] ?? LEXICON[0]);
  return { words: chosen.map((e) => e?.[0] ?? ''), targets: chosen.map((e) => phonemeIds(e?.[1] ?? [])) };
}

function per(model: G2pModel, beam: number): number {
  const said = model.pronounce(WORDS, { beam }).map((p) => p.phonemes);
  return phonemeErrorRates(said, LEXICON.map(([, p]) => [p])).per;
}

function train(model: G2pModel, steps: number, learningRate: number): void {
  const trainer = new Trainer({ variables: model.parameters, optimizer: adam({ learningRate }), clipNorm: 5, seed: 0 });
  for (let s = 0; s < steps; s++) trainer.trainStep(() => model.loss(batchOf(s, 12)));
  trainer.optimizer.dispose();
}

beforeAll(async () => {
  await useBackend('wasm');
});

const CASES: Array<[string, () => G2pModel, number, number]> = [
  ['CtcG2pModel', () => new CtcG2pModel({ hiddenSize: 32, numLayers: 2, seed: 3 }), 150, 0.02],
  ['AttentionG2pModel', () => new AttentionG2pModel({ hiddenSize: 24, numLayers: 1, embeddingSize: 16, seed: 3 }), 120, 0.02],
];

describe.each(CASES)('%s', (_name, make, steps, learningRate) => {
  it('lowers the phoneme error rate on a small lexicon well below its start, and its bytes pronounce the same', () => {
    const model = make();
    const before = per(model, 1);
    train(model, steps, learningRate);
    const after = per(model, model.config.model === 'ctc' ? 1 : 2);
    expect(before).toBeGreaterThan(0.6);
    expect(after).toBeLessThan(0.25);
    expect(after).toBeLessThan(before / 3);
    const loaded = g2pModelFromBytes(g2pModelToBytes(model), { model: model.config.model });
    expect(loaded.config).toEqual(model.config);
    expect(loaded.pronounce(WORDS, { beam: 1 }).map((p) => p.phonemes)).toEqual(model.pronounce(WORDS, { beam: 1 }).map((p) => p.phonemes));
    loaded.dispose();
    model.dispose();
  });

  it('takes a training step without leaking tensors', async () => {
    const model = make();
    const trainer = new Trainer({ variables: model.parameters, optimizer: adam({ learningRate: 0.01 }), seed: 0 });
    const counts = await tensorCountsOverSteps(() => {
      trainer.trainStep(() => model.loss(batchOf(trainer.step, 8)));
    }, 4);
    expect(counts.afterLast).toBe(counts.afterSecond);
    trainer.optimizer.dispose();
    model.dispose();
  });

  it('refuses no words and words with non-letters, naming the model and the word', () => {
    const model = make();
    const fn = `${_name}.pronounce`;
    expect(() => model.pronounce([])).toThrow(`${fn}: words must be a non-empty array of strings, got an empty array`);
    expect(() => model.pronounce(['cat', 'c-3po'])).toThrow(`${fn}: words[1] must hold only letters A-Z and apostrophes, got "c-3po" ("-")`);
    expect(() => model.pronounce(['cat', '  '])).toThrow(`${fn}: words[1] must not be empty`);
    model.dispose();
  });
});

describe('the CTC frames', () => {
  it('refuse a training pair with more labels and repeats than two frames per letter', () => {
    const model = new CtcG2pModel({ hiddenSize: 4, numLayers: 1 });
    // X -> EH K S fits 2 frames; BMW -> B IY EH M D AH B AH L Y UW (11) does not fit 6.
    expect(() => model.loss({ words: ['X'], targets: [phonemeIds(['EH', 'K', 'S'])] })).toThrow(/needs 3 CTC frames .* more than the 2 of "X"/);
    expect(() => model.loss({ words: ['BMW'], targets: [phonemeIds('B IY EH M D AH B AH L Y UW'.split(' '))] })).toThrow(InputError);
    model.dispose();
  });
});

describe('g2pModelFromBytes', () => {
  it('refuses bytes that are not safetensors, another format, the other model kind and a misshapen tensor', () => {
    const ctc = new CtcG2pModel({ hiddenSize: 8, numLayers: 1 });
    const bytes = g2pModelToBytes(ctc);
    expect(() => g2pModelFromBytes(new Uint8Array([1, 2, 3]))).toThrow(InputError);
    expect(() => g2pModelFromBytes(new TextEncoder().encode('not a weights file at all'))).toThrow(/^g2pModelFromBytes: not a readable weights file/);
    expect(() => g2pModelFromBytes(bytes, { model: 'attention' })).toThrow('g2pModelFromBytes: the weights are of a ctc model, not attention');
    expect(() => g2pModelFromBytes(writeSafetensors(ctc.parameters, { metadata: { format: 'other/1' } }))).toThrow(/not a g2p weights file \(metadata format "other\/1"/);
    // head.bias with 41 values where 39 phonemes and the blank make 40.
    const config = JSON.stringify({ model: 'ctc', hidden: 8, layers: 1, dropout: 0 });
    const wrongBias = tf.zeros([41]);
    expect(() => g2pModelFromBytes(writeSafetensors({ ...ctc.parameters, 'head.bias': wrongBias }, { metadata: { format: 'rnnkit-g2p/1', config } }))).toThrow('g2pModelFromBytes: the ctc weights file has head.bias in the wrong shape');
    wrongBias.dispose();
    const lacking = Object.fromEntries(Object.entries(ctc.parameters).filter(([name]) => name !== 'head.bias'));
    expect(() => g2pModelFromBytes(writeSafetensors(lacking, { metadata: { format: 'rnnkit-g2p/1', config } }))).toThrow('g2pModelFromBytes: the ctc weights file lacks head.bias');
    ctc.dispose();
  });

  it('reads the config of files written before the models moved into this package', () => {
    // Those files name the sizes hidden / layers / embedding, and CTC files record an embedding.
    const attention = new AttentionG2pModel({ hiddenSize: 6, numLayers: 1, embeddingSize: 5 });
    const old = writeSafetensors(attention.parameters, { metadata: { format: 'rnnkit-g2p/1', config: JSON.stringify({ model: 'attention', hidden: 6, layers: 1, dropout: 0, embedding: 5 }) } });
    const loaded = g2pModelFromBytes(old);
    expect(loaded.config).toEqual({ model: 'attention', hiddenSize: 6, numLayers: 1, dropout: 0, embeddingSize: 5 });
    expect(loaded.pronounce(['quay'], { beam: 1 })).toEqual(attention.pronounce(['quay'], { beam: 1 }));
    loaded.dispose();
    attention.dispose();
  });
});

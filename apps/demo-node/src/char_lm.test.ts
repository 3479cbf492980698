// The demo's data pipeline and training loop: targets follow inputs, the loss falls, nothing leaks.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rnnkit/testing';
import { CarriedState } from '@rnnkit/train';
import { CharLanguageModel } from '@rnnkit/models';
import { parseOptions } from './options.js';
import { loadCorpus, splitIds, streamChunks } from './text_corpus.js';
import { charLmTrainer, evaluateCharLm, trainCharLm } from './train_char_lm.js';

const corpusFile = path.resolve(__dirname, '..', 'data', 'genesis.txt');

beforeAll(async () => {
  await useBackend('wasm');
});

describe('corpus', () => {
  it('encodes and decodes, and each target is the character after its input', () => {
    const corpus = loadCorpus(corpusFile);
    expect(corpus.decode(corpus.encode('In the beginning'))).toBe('In the beginning');
    const chunks = streamChunks(corpus.ids, 4, 8);
    const { inputs, targets } = chunks.chunk(3);
    const text = corpus.decode(Array.from(corpus.ids));
    const streamLength = Math.floor((corpus.ids.length - 1) / 4);
    for (let n = 0; n < 4; n++) {
      const start = n * streamLength + 3 * 8;
      const ins = corpus.decode(Array.from({ length: 8 }, (_, t) => inputs[t * 4 + n] as number));
      const outs = corpus.decode(Array.from({ length: 8 }, (_, t) => targets[t * 4 + n] as number));
      expect(ins).toBe(text.slice(start, start + 8));
      expect(outs).toBe(text.slice(start + 1, start + 9));
    }
  });
});

describe('training', () => {
  it('lowers the loss on packages/train without leaking tensors, and predicts held-out text better than chance', () => {
    const corpus = loadCorpus(corpusFile);
    const { train, validation } = splitIds(corpus.ids, 0.05);
    const model = new CharLanguageModel({ vocabularySize: corpus.vocabulary.length, hiddenSize: 32, seed: 1 });
    const trainer = charLmTrainer(model, 0.01, 0);
    const carried = new CarriedState();
    const counts: number[] = [];
    const { losses } = trainCharLm(model, trainer, carried, train, {
      steps: 25,
      batch: 8,
      chunkLength: 16,
      onStep: () => counts.push(tf.memory().numTensors),
    });
    expect(counts.slice(2).every((c) => c === counts[1])).toBe(true);
    const first = (losses[0] ?? 0) + (losses[1] ?? 0);
    const last = (losses[23] ?? Infinity) + (losses[24] ?? Infinity);
    // Starting near log(V) nats; a few steps take it well below.
    expect(losses[0]).toBeGreaterThan(Math.log(corpus.vocabulary.length) - 0.3);
    expect(last).toBeLessThan(first - 1);
    expect(evaluateCharLm(model, validation.subarray(0, 2000), 4, 16)).toBeLessThan(Math.log(corpus.vocabulary.length) - 0.5);
    const sample = corpus.decode(model.sample(corpus.encode('And'), 20, 1));
    expect(sample).toHaveLength(20);
    // PyTorch's names for every variable.
    expect(Object.keys(model.stateDict())).toEqual(['embed.weight', 'rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0', 'head.weight', 'head.bias']);
    carried.dispose();
    trainer.optimizer.dispose();
    model.dispose();
  });
});

describe('options', () => {
  it('parses commands and rejects bad flags with a clear message', () => {
    expect(() => parseOptions(['--hidden', '0'])).toThrow('--hidden must be a positive integer, got "0"');
    expect(() => parseOptions(['--backend', 'webgl'])).toThrow('--backend must be wasm or cpu, got "webgl"');
    expect(() => parseOptions(['--stesp', '3'])).toThrow('unknown option --stesp');
    expect(() => parseOptions(['train'])).toThrow('unknown command "train"; commands are char-lm, import, ctc, tree, seq2seq');
    expect(() => parseOptions(['import'])).toThrow('import needs a FILE');
    expect(() => parseOptions(['ctc', '--cell', 'gru'])).toThrow('--cell is not an option of ctc');
    const lm = parseOptions(['--steps', '7', '--cell', 'gru']);
    expect(lm.command).toBe('char-lm');
    expect(lm.options.steps).toBe(7);
    const imported = parseOptions(['import', 'a.safetensors', '--run', '--backend', 'cpu']);
    expect(imported).toMatchObject({ command: 'import', options: { file: 'a.safetensors', run: true, backend: 'cpu' } });
    expect(parseOptions(['seq2seq']).options.steps).toBe(500);
  });
});

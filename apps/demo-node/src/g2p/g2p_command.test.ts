// `pnpm demo g2p`: its options, --say with saved weights, and one clear line with status 1 for
// every bad input the issue names.
import { afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AttentionG2pModel, CtcG2pEnsemble, CtcG2pModel, g2pModelFromBytes, g2pModelToBytes, phonemeNgramModel, toIpa } from '@rnnkit/models';
import { cmudictLexicon } from './cmudict_lexicon.js';
import { useBackend } from '@rnnkit/testing';
import { runG2p } from './g2p_command.js';
import { parseG2pOptions } from './g2p_options.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnkit-g2p-'));
const ctcFile = path.join(dir, 'ctc.safetensors');
const corruptFile = path.join(dir, 'corrupt.safetensors');
const attentionFile = path.join(dir, 'attention.safetensors');
const otherCtcFile = path.join(dir, 'other-ctc.safetensors');

beforeAll(async () => {
  await useBackend('wasm');
  const model = new CtcG2pModel({ hiddenSize: 8, numLayers: 1 });
  fs.writeFileSync(ctcFile, g2pModelToBytes(model));
  model.dispose();
  const bytes = fs.readFileSync(ctcFile);
  fs.writeFileSync(corruptFile, bytes.subarray(0, bytes.length - 100));
  const other = new CtcG2pModel({ hiddenSize: 6, numLayers: 2, seed: 9 });
  fs.writeFileSync(otherCtcFile, g2pModelToBytes(other));
  other.dispose();
  const attention = new AttentionG2pModel({ hiddenSize: 4, embeddingSize: 3 });
  fs.writeFileSync(attentionFile, g2pModelToBytes(attention));
  attention.dispose();
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('parseG2pOptions', () => {
  it('takes the issue options and defaults per model', () => {
    const o = parseG2pOptions(['--model', 'attention', '--minutes', '0.5', '--save', 'w.safetensors', '--json']);
    expect(o).toMatchObject({ model: 'attention', modelGiven: true, minutes: 0.5, save: 'w.safetensors', json: true, hidden: 96, layers: 1 });
    expect(parseG2pOptions([])).toMatchObject({ model: 'ctc', modelGiven: false, minutes: 3, hidden: 128, layers: 2 });
    expect(parseG2pOptions(['--load', 'w', '--say', 'colonel', 'quay'])).toMatchObject({ load: 'w', minutes: 0, say: ['colonel', 'quay'] });
  });

  it('refuses unknown options, bad values and stray words', () => {
    expect(() => parseG2pOptions(['--model', 'rnn'])).toThrow('--model must be ctc or attention, got "rnn"');
    expect(() => parseG2pOptions(['--minutes', '-1'])).toThrow('--minutes must be a number in [0, 10000], got "-1"');
    expect(() => parseG2pOptions(['--hidden', '1.5'])).toThrow('--hidden must be an integer');
    expect(() => parseG2pOptions(['--steps', '3'])).toThrow('unknown option --steps');
    expect(() => parseG2pOptions(['colonel'])).toThrow('unexpected argument "colonel"');
    expect(() => parseG2pOptions(['--say'])).toThrow('--say needs at least one word');
  });

  it('takes the phoneme language model only with an order, and only for CTC', () => {
    expect(parseG2pOptions(['--lm-order', '5', '--lm-weight', '0.3', '--lm-tune'])).toMatchObject({ lmOrder: 5, lmWeight: 0.3, lmBonus: undefined, lmTune: true });
    expect(parseG2pOptions([])).toMatchObject({ lmOrder: 0, lmWeight: undefined, lmTune: false });
    expect(() => parseG2pOptions(['--lm-bonus', '1'])).toThrow('--lm-bonus weighs the phoneme language model: give --lm-order N too');
    expect(() => parseG2pOptions(['--lm-tune'])).toThrow('--lm-tune weighs the phoneme language model');
    expect(() => parseG2pOptions(['--model', 'attention', '--lm-order', '5'])).toThrow("--lm-order steers the CTC model's beam search");
    expect(() => parseG2pOptions(['--lm-order', '2.5'])).toThrow('--lm-order must be an integer in [0, 16], got "2.5"');
  });

  it('takes --ensemble only to pronounce and test loaded CTC networks', () => {
    expect(parseG2pOptions(['--load', 'a', '--ensemble', 'b', '--ensemble', 'c'])).toMatchObject({ load: 'a', ensemble: ['b', 'c'], minutes: 0 });
    expect(parseG2pOptions([])).toMatchObject({ ensemble: [] });
    expect(() => parseG2pOptions(['--ensemble', 'b'])).toThrow('--ensemble needs --load PATH');
    expect(() => parseG2pOptions(['--load', 'a', '--ensemble', 'b', '--minutes', '1'])).toThrow('--ensemble pronounces and tests saved networks together and trains nothing');
    expect(() => parseG2pOptions(['--model', 'attention', '--load', 'a', '--ensemble', 'b'])).toThrow("--ensemble averages CTC networks' frames");
  });
});

describe('runG2p', () => {
  it('pronounces words, in and out of the dictionary, with saved weights: ARPAbet and IPA', async () => {
    const lines: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '));
    });
    await runG2p(['--load', ctcFile, '--say', 'colonel', 'Quay', 'blorptastic']);
    expect(lines).toHaveLength(3);
    lines.forEach((line, n) => {
      const [word, ...rest] = line.trim().split(/\s+/);
      expect(word).toBe(['colonel', 'quay', 'blorptastic'][n]);
      // An untrained model says something or nothing, but the IPA is the ARPAbet's transcription.
      const ipa = (rest.pop() ?? '').replace(/^\/|\/$/g, '');
      expect(ipa).toBe(toIpa(rest));
    });
  });

  it('pronounces with a phoneme language model counted on the training words, weighted and searched as asked', async () => {
    const lines: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '));
    });
    await runG2p(['--load', ctcFile, '--lm-order', '4', '--lm-weight', '3', '--lm-bonus', '0.5', '--beam', '16', '--say', 'cat', 'quay']);
    // The same decoding through the package: the model of every training pronunciation, order 4.
    const model = g2pModelFromBytes(new Uint8Array(fs.readFileSync(ctcFile)));
    const lm = phonemeNgramModel(cmudictLexicon().train.flatMap((w) => w.pronunciations), { order: 4 });
    const expected = model.pronounce(['CAT', 'QUAY'], { beam: 16, languageModel: lm, lmWeight: 3, insertionBonus: 0.5 });
    const plain = model.pronounce(['CAT', 'QUAY']);
    model.dispose();
    expect(lines.map((line) => line.trim().split(/\s+/).slice(1, -1))).toEqual(expected.map((p) => p.phonemes));
    // The untrained network's frames are nearly flat: the phoneme model decides what is said.
    expect(expected.map((p) => p.phonemes)).not.toEqual(plain.map((p) => p.phonemes));
    await expect(runG2p(['--load', attentionFile, '--lm-order', '5', '--say', 'cat'])).rejects.toThrow('g2p --lm-order: the weights are of an attention model');
  });

  it('pronounces with an ensemble: the mean of the networks\' frames, as CtcG2pEnsemble gives it', async () => {
    const lines: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '));
    });
    await runG2p(['--load', ctcFile, '--ensemble', otherCtcFile, '--beam', '4', '--say', 'cat', 'quay']);
    const members = [ctcFile, otherCtcFile].map((f) => g2pModelFromBytes(new Uint8Array(fs.readFileSync(f))) as CtcG2pModel);
    const ensemble = new CtcG2pEnsemble(members);
    const expected = ensemble.pronounce(['CAT', 'QUAY'], { beam: 4 });
    ensemble.dispose();
    expect(lines.map((line) => line.trim().split(/\s+/).slice(1, -1))).toEqual(expected.map((p) => p.phonemes));
    await expect(runG2p(['--load', ctcFile, '--ensemble', attentionFile, '--say', 'cat'])).rejects.toThrow('g2p --ensemble: the weights are of an attention model, not ctc');
  });

  it('names each bad input in one line', async () => {
    await expect(runG2p(['--load', ctcFile, '--say', 'r2d2'])).rejects.toThrow('g2p --say: word must hold only letters A-Z and apostrophes, got "r2d2" ("2")');
    await expect(runG2p(['--load', ctcFile, '--say', ''])).rejects.toThrow('g2p --say: word must not be empty');
    await expect(runG2p(['--load', path.join(dir, 'missing.safetensors'), '--say', 'cat'])).rejects.toThrow(/^g2p --load: cannot read .*missing\.safetensors: .*ENOENT/);
    await expect(runG2p(['--load', corruptFile, '--say', 'cat'])).rejects.toThrow(/^g2p --load: not a readable weights file/);
    await expect(runG2p(['--model', 'attention', '--load', ctcFile, '--say', 'cat'])).rejects.toThrow('g2p --load: the weights are of a ctc model, not attention');
    await expect(runG2p(['--say', 'cat'])).rejects.toThrow('g2p --say needs --load PATH');
  });

  it('exits with status 1 and one line on stderr', () => {
    const app = path.resolve(__dirname, '..', '..');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'g2p', '--load', corruptFile, '--say', 'cat'], { cwd: app, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^demo: g2p --load: not a readable weights file/)]);
    expect(result.stdout).toBe('');
  });
});

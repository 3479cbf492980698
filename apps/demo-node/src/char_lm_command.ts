// `pnpm demo char-lm` (the default): trains the character language model on Genesis (KJV) and
// prints a sample of what it learned, with the final metrics.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { torchParameters, torchStateDict } from '@rnnkit/io';
import { writeSafetensorsFile } from '@rnnkit/io/node';
import { CharLanguageModel } from '@rnnkit/models';
import { CarriedState } from '@rnnkit/train';
import { loadCheckpoint, saveCheckpoint } from '@rnnkit/train/node';
import { metricsTable } from './metrics_table.js';
import type { CharLmOptions } from './options.js';
import { progressBar } from './progress_bar.js';
import { loadCorpus, splitIds } from './text_corpus.js';
import { charLmTrainer, evaluateCharLm, trainCharLm } from './train_char_lm.js';
import { userPath } from './user_path.js';

/** What a checkpoint records besides tensors, so --load rebuilds the same model. */
interface CharLmSaved {
  command: 'char-lm';
  vocabulary: string[];
  cell: 'lstm' | 'gru';
  hidden: number;
  batch: number;
  chunk: number;
}

function readSaved(file: string): CharLmSaved {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8'));
  } catch (e) {
    throw new Error(`--load: cannot read ${file}.json: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const extra = (json as { extra?: Partial<CharLmSaved> } | null)?.extra;
  if (extra?.command !== 'char-lm' || !Array.isArray(extra.vocabulary) || (extra.cell !== 'lstm' && extra.cell !== 'gru') || typeof extra.hidden !== 'number') {
    throw new Error(`--load: ${file}.json is not a char-lm checkpoint`);
  }
  return extra as CharLmSaved;
}

export function runCharLm(options: CharLmOptions): void {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const corpus = loadCorpus(path.resolve(here, '..', 'data', 'genesis.txt'));
  const loadFrom = options.load === undefined ? undefined : userPath(options.load);
  const saved = loadFrom === undefined ? undefined : readSaved(loadFrom);
  if (saved !== undefined && saved.vocabulary.join('') !== corpus.vocabulary.join('')) {
    throw new Error('--load: the checkpoint was trained on a different vocabulary');
  }
  // A loaded checkpoint fixes the model's shape and data layout; the flags fix the rest.
  const cell = saved?.cell ?? options.cell;
  const hidden = saved?.hidden ?? options.hidden;
  const batch = saved?.batch ?? options.batch;
  const chunk = saved?.chunk ?? options.chunk;
  const { train, validation } = splitIds(corpus.ids, 0.05);
  console.log(
    `char-lm: ${cell.toUpperCase()} with ${hidden} hidden units on Genesis (KJV): ${train.length} characters to train on, ` +
      `${validation.length} held out, ${corpus.vocabulary.length} symbols; backend ${tf.getBackend()}`,
  );
  const model = new CharLanguageModel({ vocabularySize: corpus.vocabulary.length, cell, hiddenSize: hidden, seed: options.seed });
  const trainer = charLmTrainer(model, options.learningRate, options.seed);
  const carried = new CarriedState();
  if (loadFrom !== undefined) {
    loadCheckpoint(loadFrom, trainer, { carried });
    console.log(`loaded ${loadFrom} at step ${trainer.step}`);
  }
  const startStep = trainer.step;
  const initialLoss = Math.log(corpus.vocabulary.length);
  const logLines: string[] = [];
  let window: number[] = [];
  let lastValidation: number | undefined;
  const reportEvery = Math.max(1, Math.floor((options.steps - startStep) / 8));
  let result = { losses: [] as number[], validations: [] as Array<{ step: number; metric: number }>, seconds: 0 };
  if (trainer.step < options.steps) {
    const bar = progressBar('train', options.steps, startStep, 'chars');
    result = trainCharLm(model, trainer, carried, train, {
      steps: options.steps,
      batch,
      chunkLength: chunk,
      validateEvery: Math.max(1, Math.ceil(options.steps / 8)),
      validation,
      onProgress: (event) => {
        bar.update(event);
        window.push(event.loss);
        if ((event.step - startStep) % reportEvery === 0 || event.step === options.steps) {
          const mean = window.reduce((a, b) => a + b, 0) / window.length;
          const fresh = event.validation !== undefined && event.validation !== lastValidation;
          const held = fresh ? `   held-out ${((event.validation ?? NaN) / Math.LN2).toFixed(2)} bits/char` : '';
          lastValidation = event.validation;
          logLines.push(`  step ${String(event.step).padStart(5)}  train ${mean.toFixed(3)} nats/char (${(mean / Math.LN2).toFixed(2)} bits)${held}`);
          window = [];
        }
      },
    });
    bar.stop();
    console.log(`\nloss over training:\n${logLines.join('\n')}`);
  }
  const heldOut = result.validations.at(-1)?.metric ?? evaluateCharLm(model, validation, 8, chunk);
  const sample = corpus.decode(model.sample(corpus.encode(options.prompt), options.sampleLength, options.temperature));
  console.log(`\nsample (temperature ${options.temperature}):\n${options.prompt}${sample}\n`);
  const tail = result.losses.slice(-Math.max(1, Math.floor(result.losses.length / 10)));
  const trainLoss = tail.length === 0 ? NaN : tail.reduce((a, b) => a + b, 0) / tail.length;
  const seconds = result.seconds;
  console.log(
    metricsTable('char-lm', [
      ['steps', `${trainer.step}${startStep > 0 ? ` (${startStep} loaded)` : ''}`],
      ['training time', `${seconds.toFixed(1)} s`],
      ['throughput', seconds > 0 ? `${Math.round(((trainer.step - startStep) * batch * chunk) / seconds)} chars/s` : '-'],
      ['train loss (last 10% of steps)', Number.isNaN(trainLoss) ? '-' : `${(trainLoss / Math.LN2).toFixed(3)} bits/char`],
      ['held-out loss', `${(heldOut / Math.LN2).toFixed(3)} bits/char`],
      ['held-out perplexity', Math.exp(heldOut).toFixed(2)],
      ['uniform baseline', `${(initialLoss / Math.LN2).toFixed(3)} bits/char`],
    ]),
  );
  const extra: CharLmSaved = { command: 'char-lm', vocabulary: [...corpus.vocabulary], cell, hidden, batch, chunk };
  if (options.save !== undefined) {
    saveCheckpoint(userPath(options.save), trainer, { carried, json: extra });
    console.log(`checkpoint written to ${userPath(options.save)}.safetensors and .json`);
  }
  if (options.export !== undefined) {
    const tensors = torchStateDict(torchParameters('', model.parameters));
    writeSafetensorsFile(userPath(options.export), tensors, { metadata: { format: 'pt', vocabulary: JSON.stringify(corpus.vocabulary) } });
    tf.dispose(Object.values(tensors));
    console.log(`PyTorch weights (embed, rnn, head) written to ${userPath(options.export)}`);
  }
  carried.dispose();
  trainer.optimizer.dispose();
  model.dispose();
}

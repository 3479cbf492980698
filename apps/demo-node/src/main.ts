// The main job: trains a character-level LSTM language model on Genesis (KJV) and prints what
// it learned.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rnnkit/testing';
import cliProgress from 'cli-progress';
import { CharLanguageModel } from './char_lm.js';
import { parseOptions, USAGE } from './options.js';
import { loadCorpus } from './text_corpus.js';
import { trainCharLm } from './train_char_lm.js';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  await useBackend(options.backend);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const corpus = loadCorpus(path.resolve(here, '..', 'data', 'genesis.txt'));
  console.log(
    `char-lm: ${options.cell.toUpperCase()} ${options.hidden} hidden units on Genesis (KJV), ` +
      `${corpus.ids.length} characters, ${corpus.vocabulary.length} symbols, backend ${tf.getBackend()}`,
  );
  const model = new CharLanguageModel({
    vocabularySize: corpus.vocabulary.length,
    cell: options.cell,
    hiddenSize: options.hidden,
    seed: options.seed,
  });
  const bar = new cliProgress.SingleBar(
    { format: 'train |{bar}| {value}/{total} steps | loss {loss} | {speed} chars/s | ETA {eta}s', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const reportEvery = Math.max(1, Math.floor(options.steps / 10));
  const logLines: string[] = [];
  bar.start(options.steps, 0, { loss: '-', speed: '-' });
  let window: number[] = [];
  const started = performance.now();
  trainCharLm(model, corpus, {
    steps: options.steps,
    batch: options.batch,
    chunkLength: options.chunk,
    learningRate: options.learningRate,
    clipNorm: 5,
    onStep: ({ step, loss, charsPerSecond }) => {
      window.push(loss);
      bar.update(step, { loss: loss.toFixed(3), speed: Math.round(charsPerSecond) });
      if (step % reportEvery === 0 || step === 1) {
        const mean = window.reduce((a, b) => a + b, 0) / window.length;
        logLines.push(`  step ${String(step).padStart(5)}  loss ${mean.toFixed(3)} nats/char  (${(mean / Math.LN2).toFixed(2)} bits)`);
        window = [];
      }
    },
  });
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nloss over training (mean of each tenth):\n${logLines.join('\n')}`);
  console.log(`trained ${options.steps} steps in ${seconds.toFixed(1)} s`);
  const prompt = options.prompt;
  const sample = corpus.decode(model.sample(corpus.encode(prompt), options.sampleLength, options.temperature));
  console.log(`\nsample (temperature ${options.temperature}):\n${prompt}${sample}\n`);
  model.dispose();
}

main().catch((e: unknown) => {
  console.error(`char-lm: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

// `pnpm demo keras-style`: a time-series forecaster written the TensorFlow.js Layers way
// (tf.sequential, model.fit with a progress callback, model.save), with @rnnkit/tfjs-layers' LSTM;
// then a fresh process loads the saved files with tf.loadLayersModel and forecasts again.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@rnnkit/core';
import { lstm, useFastRecurrentLayers } from '@rnnkit/tfjs-layers';
import { userPath } from './user_path.js';
import { startBackend } from './start_backend.js';

const WINDOW = 24;
const SERIES_LENGTH = 1200;
const TEST = 200;

interface KerasStyleOptions {
  backend: 'wasm' | 'cpu';
  epochs: number;
  save: string;
  /** Only load the saved model and forecast (the fresh process). */
  load: string | null;
}

const USAGE = `usage: pnpm demo keras-style [--epochs N] [--save DIR] [--backend wasm|cpu]
  trains an LSTM forecaster with tf.sequential / model.fit, saves it to DIR (default
  ./keras-forecaster: model.json + weights.bin), then loads it in a fresh process`;

function parse(argv: string[]): KerasStyleOptions {
  const options: KerasStyleOptions = { backend: 'wasm', epochs: 8, save: 'keras-forecaster', load: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--help') throw new Error(USAGE);
    if (value === undefined) throw new Error(`keras-style: ${flag} needs a value\n${USAGE}`);
    i++;
    if (flag === '--backend' && (value === 'wasm' || value === 'cpu')) options.backend = value;
    else if (flag === '--epochs' && /^[1-9][0-9]*$/.test(value)) options.epochs = Number(value);
    else if (flag === '--save') options.save = value;
    else if (flag === '--load') options.load = value;
    else throw new Error(`keras-style: ${flag} ${value} is not an option here\n${USAGE}`);
  }
  return options;
}

/** A daily-like series: two seasons, a slow trend and noise, fixed by the seed. */
function series(): number[] {
  const random = seededRandom(7);
  return Array.from({ length: SERIES_LENGTH }, (_, t) => 0.6 * Math.sin((2 * Math.PI * t) / 24) + 0.3 * Math.sin((2 * Math.PI * t) / 168) + 0.0004 * t + 0.08 * (random() - 0.5));
}

/** Windows of WINDOW values and the value after each; the last TEST windows are held out. */
function windows(values: number[]): { train: { x: tf.Tensor3D; y: tf.Tensor2D }; test: { x: tf.Tensor3D; y: tf.Tensor2D; lastSeen: number[] } } {
  const xs: number[][][] = [];
  const ys: number[][] = [];
  for (let t = 0; t + WINDOW < values.length; t++) {
    xs.push(values.slice(t, t + WINDOW).map((v) => [v]));
    ys.push([values[t + WINDOW] ?? 0]);
  }
  const split = xs.length - TEST;
  return {
    train: { x: tf.tensor3d(xs.slice(0, split)), y: tf.tensor2d(ys.slice(0, split)) },
    test: { x: tf.tensor3d(xs.slice(split)), y: tf.tensor2d(ys.slice(split)), lastSeen: xs.slice(split).map((w) => w[WINDOW - 1]?.[0] ?? 0) },
  };
}

function mse(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.losses.meanSquaredError(a, b).dataSync()[0] ?? NaN);
}

/** tfjs's file layout (model.json + weights.bin), as tfjs-node's file:// handler writes it. */
function fileSaver(dir: string): tf.io.IOHandler {
  return tf.io.withSaveHandler(async (artifacts) => {
    fs.mkdirSync(dir, { recursive: true });
    const data = artifacts.weightData;
    const parts = data === undefined ? [] : Array.isArray(data) ? data : [data];
    const bytes = Buffer.concat(parts.map((p) => Buffer.from(p)));
    fs.writeFileSync(path.join(dir, 'weights.bin'), bytes);
    const modelJson = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs }],
    };
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.length } };
  });
}

/** Reads what fileSaver wrote (or any model.json with its weight files beside it). */
function fileLoader(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      const manifest = json.weightsManifest;
      const buffers = manifest.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(dir, p))));
      const joined = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        weightSpecs: manifest.flatMap((group) => group.weights),
        weightData: joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength),
      };
    },
  };
}

async function loadAndForecast(dir: string): Promise<void> {
  // The only line a tf.layers user adds to load a saved model onto the fast layers.
  useFastRecurrentLayers();
  const model = await tf.loadLayersModel(fileLoader(dir));
  const { test } = windows(series());
  const mseLoaded = mse(model.predict(test.x) as tf.Tensor, test.y);
  console.log(JSON.stringify({ layer: model.layers[0]?.constructor.name, testMse: mseLoaded }));
}

export async function runKerasStyle(argv: string[]): Promise<void> {
  const options = parse(argv);
  await startBackend(options.backend);
  if (options.load !== null) {
    await loadAndForecast(options.load);
    return;
  }
  const dir = userPath(options.save);
  const { train, test } = windows(series());
  // Written as with tf.layers; only the lstm factory comes from @rnnkit/tfjs-layers.
  const model = tf.sequential({
    layers: [
      lstm({ units: 32, recurrentActivation: 'sigmoid', inputShape: [WINDOW, 1], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  model.summary(undefined, undefined, (line) => console.log(line));
  const naive = mse(tf.tensor2d(test.lastSeen, [TEST, 1]), test.y);
  console.log(`training on ${train.x.shape[0]} windows of ${WINDOW} steps, ${options.epochs} epochs (backend ${options.backend})`);
  const started = performance.now();
  await model.fit(train.x, train.y, {
    epochs: options.epochs,
    batchSize: 32,
    validationSplit: 0.1,
    verbose: 0,
    callbacks: {
      onEpochEnd: (epoch, logs) => {
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(`  epoch ${epoch + 1}/${options.epochs}  loss ${logs?.['loss']?.toFixed(5)}  val_loss ${logs?.['val_loss']?.toFixed(5)}  ${seconds} s`);
      },
    },
  });
  const testMse = mse(model.predict(test.x) as tf.Tensor, test.y);
  await model.save(fileSaver(dir));
  console.log(`saved ${path.join(dir, 'model.json')} and weights.bin`);

  const main = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');
  const child = spawnSync(process.execPath, ['--import', 'tsx', main, 'keras-style', '--load', dir, '--backend', options.backend], { encoding: 'utf8' });
  const reply = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !reply.startsWith('{')) throw new Error(`keras-style: loading in a fresh process failed: ${child.stderr.trim().split('\n').pop() ?? ''}`);
  const loaded = JSON.parse(reply) as { layer: string; testMse: number };
  console.log(`fresh process: tf.loadLayersModel built ${loaded.layer}`);
  console.log('');
  console.log(`held-out forecast error (MSE over the last ${TEST} windows)`);
  console.log(`  repeat the last value      ${naive.toFixed(5)}`);
  console.log(`  trained LSTM               ${testMse.toFixed(5)}`);
  console.log(`  same model, reloaded       ${loaded.testMse.toFixed(5)}${Math.abs(loaded.testMse - testMse) <= 1e-6 * Math.max(1, testMse) ? ' (identical)' : ' (DIFFERS)'}`);
}

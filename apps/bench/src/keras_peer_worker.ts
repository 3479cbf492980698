// Child process: times tf.layers on one Keras-style case (its own process, because a wasm heap
// abort in tf.layers' training kills the module for the rest of the process).
import * as tf from '@tensorflow/tfjs';
import { startBackend } from './start_backend.js';
import { KERAS_CASES, kerasModel, timeKerasModel } from './keras_cases.js';
import type { KerasFactories, KerasTimes } from './keras_cases.js';

export type KerasPeerReply = ({ ok: true } & KerasTimes) | { ok: false; error: string };
/** Sent before training starts, so a training failure keeps the predict timings. */
export interface KerasPeerPredicted {
  predicted: KerasTimes;
}

const TF_LAYERS: KerasFactories = {
  lstm: (args) => tf.layers.lstm(args),
  gru: (args) => tf.layers.gru(args),
  bidirectional: (args) => tf.layers.bidirectional(args),
};

async function run(): Promise<KerasPeerReply> {
  const [backend = 'wasm', name = '', reps = '1'] = process.argv.slice(2);
  const c = KERAS_CASES.find((k) => k.name === name);
  if (c === undefined) return { ok: false, error: `unknown case ${name}` };
  try {
    await startBackend(backend);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const model = kerasModel(c, TF_LAYERS);
  const predicted = (times: KerasTimes): void => {
    process.send?.({ predicted: times } satisfies KerasPeerPredicted);
  };
  return { ok: true, ...(await timeKerasModel(model, c, Number(reps), predicted)) };
}

run()
  .catch((e: unknown): KerasPeerReply => ({ ok: false, error: e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e) }))
  .then((reply) => {
    process.send?.(reply);
    process.exit(0);
  });

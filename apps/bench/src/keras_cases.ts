// The Keras-style cases: model.fit (one epoch, fixed data) and predict of a tf.sequential model,
// built once with @rnnkit/tfjs-layers' layers and once with tf.layers'.
import * as tf from '@tensorflow/tfjs';
import type { GRULayerArgs, LSTMLayerArgs } from '@tensorflow/tfjs';

export interface KerasCase {
  readonly kind: 'keras';
  readonly name: string;
  readonly cell: 'lstm' | 'gru';
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bidirectional: boolean;
  /** Samples in the fixed data set; one epoch is samples / batch steps. */
  readonly samples: number;
  readonly batch: number;
  readonly steps: number;
}

export const KERAS_CASES: readonly KerasCase[] = [
  { kind: 'keras', name: 'keras_lstm_h256_t64', cell: 'lstm', inputSize: 128, hiddenSize: 256, numLayers: 1, bidirectional: false, samples: 64, batch: 32, steps: 64 },
  { kind: 'keras', name: 'keras_bilstm2_h256_t200', cell: 'lstm', inputSize: 40, hiddenSize: 256, numLayers: 2, bidirectional: true, samples: 16, batch: 16, steps: 200 },
  { kind: 'keras', name: 'keras_bigru2_h256_t200', cell: 'gru', inputSize: 40, hiddenSize: 256, numLayers: 2, bidirectional: true, samples: 16, batch: 16, steps: 200 },
  { kind: 'keras', name: 'keras_gru_h256_t64', cell: 'gru', inputSize: 128, hiddenSize: 256, numLayers: 1, bidirectional: false, samples: 64, batch: 32, steps: 64 },
];

/** The layer factories a side builds with: tf.layers' or @rnnkit/tfjs-layers'. */
export interface KerasFactories {
  lstm(args: LSTMLayerArgs): tf.layers.Layer;
  gru(args: GRULayerArgs): tf.layers.Layer;
  bidirectional(args: { layer: tf.RNN; mergeMode?: 'concat' }): tf.layers.Layer;
}

/**
 * `tf.sequential([recurrent layers..., dense(1)])` compiled with SGD and mean squared error, the
 * same model on both sides: tf.layers' default recurrent config (`recurrentActivation:
 * 'hardSigmoid'`, the GRU's reset gate before the product), as a user who switches the import
 * keeps it.
 */
export function kerasModel(c: KerasCase, f: KerasFactories): tf.Sequential {
  const model = tf.sequential();
  for (let l = 0; l < c.numLayers; l++) {
    const last = l === c.numLayers - 1;
    const inputShape = l === 0 ? { inputShape: [c.steps, c.inputSize] } : {};
    // glorotUniform: the default orthogonal initializer is slow to build and does not change the timing.
    const config = { units: c.hiddenSize, returnSequences: !last, recurrentInitializer: 'glorotUniform' as const };
    const make = (extra: object): tf.layers.Layer => (c.cell === 'lstm' ? f.lstm({ ...config, ...extra }) : f.gru({ ...config, ...extra }));
    model.add(c.bidirectional ? f.bidirectional({ layer: make({}) as tf.RNN, mergeMode: 'concat', ...inputShape }) : make(inputShape));
  }
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  return model;
}

/** The fixed data set of a case. */
export function kerasData(c: KerasCase): { x: tf.Tensor3D; y: tf.Tensor2D } {
  return {
    x: tf.randomNormal([c.samples, c.steps, c.inputSize], 0, 1, 'float32', 1) as tf.Tensor3D,
    y: tf.randomNormal([c.samples, 1], 0, 1, 'float32', 2) as tf.Tensor2D,
  };
}

/**
 * Timings of one side, in ms: one model.fit epoch and one predict of the whole data set, wall
 * clock and this process's CPU time (user + system), which a loaded shared machine inflates less.
 */
export interface KerasTimes {
  fit: number[];
  predict: number[];
  fitCpu: number[];
  predictCpu: number[];
}

/** Runs `f`, returning its wall and CPU milliseconds. */
async function timed(f: () => unknown): Promise<[number, number]> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await f();
  const used = process.cpuUsage(cpu);
  return [performance.now() - started, (used.user + used.system) / 1000];
}

/**
 * Times `reps` predicts and epochs of model.fit, after one untimed of each; `onPredicted` gets
 * the predict timings before training starts (a side whose training fails still has them).
 */
export async function timeKerasModel(model: tf.Sequential, c: KerasCase, reps: number, onPredicted?: (times: KerasTimes) => void): Promise<KerasTimes> {
  const { x, y } = kerasData(c);
  const times: KerasTimes = { fit: [], predict: [], fitCpu: [], predictCpu: [] };
  const predictOnce = (): void => {
    const out = model.predict(x, { batchSize: c.batch }) as tf.Tensor;
    out.dataSync();
    out.dispose();
  };
  const fitOnce = (): Promise<unknown> => model.fit(x, y, { epochs: 1, batchSize: c.batch, shuffle: false, verbose: 0 });
  predictOnce();
  for (let r = 0; r < reps; r++) {
    const [wall, cpu] = await timed(predictOnce);
    times.predict.push(wall);
    times.predictCpu.push(cpu);
  }
  onPredicted?.(times);
  await fitOnce();
  for (let r = 0; r < reps; r++) {
    const [wall, cpu] = await timed(fitOnce);
    times.fit.push(wall);
    times.fitCpu.push(cpu);
  }
  tf.dispose([x, y]);
  return times;
}

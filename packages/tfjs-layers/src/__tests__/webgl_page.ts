// Page side of the WebGL test (bundled by esbuild): tf.layers and this package's layers with the
// same weights predict on webgl; the outputs go back to Node for the comparison.
import * as tf from '@tensorflow/tfjs';
import { setupWebglBackend } from '@rnnkit/backend-webgl';
import { bidirectional, gru, lstm, simpleRNN } from '@rnnkit/tfjs-layers';

interface Factories {
  lstm: typeof tf.layers.lstm;
  gru: typeof tf.layers.gru;
  simpleRNN: typeof tf.layers.simpleRNN;
  bidirectional: typeof tf.layers.bidirectional;
}
const TF: Factories = { lstm: tf.layers.lstm, gru: tf.layers.gru, simpleRNN: tf.layers.simpleRNN, bidirectional: tf.layers.bidirectional };
const OURS: Factories = { lstm, gru, simpleRNN, bidirectional: bidirectional as unknown as typeof tf.layers.bidirectional };

const N = 3;
const T = 6;
const I = 4;
const H = 5;
const sig = { recurrentActivation: 'sigmoid' } as const;
const masking = (): tf.layers.Layer => tf.layers.masking({ maskValue: 0, inputShape: [T, I] });

const CASES: Array<{ name: string; masked: boolean; layers(f: Factories): tf.layers.Layer[] }> = [
  { name: 'LSTM sigmoid, returnSequences', masked: false, layers: (f) => [f.lstm({ units: H, ...sig, returnSequences: true, inputShape: [T, I] })] },
  { name: 'masked LSTM sigmoid, goBackwards', masked: true, layers: (f) => [masking(), f.lstm({ units: H, ...sig, goBackwards: true })] },
  { name: 'LSTM hardSigmoid (cell loop)', masked: false, layers: (f) => [f.lstm({ units: H, inputShape: [T, I] })] },
  { name: 'GRU (cell loop)', masked: false, layers: (f) => [f.gru({ units: H, returnSequences: true, inputShape: [T, I] })] },
  { name: 'masked SimpleRNN tanh, returnSequences', masked: true, layers: (f) => [masking(), f.simpleRNN({ units: H, returnSequences: true })] },
  { name: 'Bidirectional LSTM concat', masked: false, layers: (f) => [f.bidirectional({ layer: f.lstm({ units: H, ...sig, returnSequences: true }), inputShape: [T, I] })] },
];

export interface PagePrediction {
  name: string;
  shape: number[];
  ours: number[];
  reference: number[];
}

async function run(): Promise<{ backend: string; predictions: PagePrediction[] }> {
  await setupWebglBackend();
  const predictions: PagePrediction[] = [];
  for (const c of CASES) {
    const ref = tf.sequential({ layers: c.layers(TF) });
    const ours = tf.sequential({ layers: c.layers(OURS) });
    ref.setWeights(ref.getWeights().map((w, k) => tf.randomUniform(w.shape, -0.6, 0.6, 'float32', 100 + k)));
    ours.setWeights(ref.getWeights());
    let x = tf.randomNormal([N, T, I], 0, 1, 'float32', 7);
    if (c.masked) x = tf.mul(x, tf.tensor3d([[1, 1, 0, 1, 1, 0], [0, 0, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]].map((row) => row.map((k) => [k]))));
    const expected = ref.predict(x) as tf.Tensor;
    const actual = ours.predict(x) as tf.Tensor;
    predictions.push({ name: c.name, shape: actual.shape, ours: Array.from(await actual.data()), reference: Array.from(await expected.data()) });
  }
  return { backend: tf.getBackend(), predictions };
}

(globalThis as unknown as { runTfjsLayersChecks: typeof run }).runTfjsLayersChecks = run;

// Page side of the WebGL test (bundled by esbuild): tf.layers and this package's layers with the
// same weights predict on webgl; the outputs go back to Node for the comparison.
import * as tf from '@tensorflow/tfjs';
import { setupWebglBackend } from '@rnnkit/backend-webgl';
import { GRU_RESET_BEFORE_SEQUENCE } from '@rnnkit/ops';
import type { Factories } from './layer_factories.js';
import { OURS, TF } from './layer_factories.js';


const N = 3;
const T = 6;
const I = 4;
const H = 5;
const sig = { recurrentActivation: 'sigmoid' } as const;
const masking = (): tf.layers.Layer => tf.layers.masking({ maskValue: 0, inputShape: [T, I] });

const CASES: Array<{ name: string; masked: boolean; gradients?: boolean; layers(f: Factories): tf.layers.Layer[] }> = [
  { name: 'LSTM sigmoid, returnSequences', masked: false, layers: (f) => [f.lstm({ units: H, ...sig, returnSequences: true, inputShape: [T, I] })] },
  { name: 'masked LSTM sigmoid, goBackwards', masked: true, layers: (f) => [masking(), f.lstm({ units: H, ...sig, goBackwards: true })] },
  { name: 'GRU default hardSigmoid (fused)', masked: false, gradients: true, layers: (f) => [f.gru({ units: H, returnSequences: true, inputShape: [T, I] })] },
  { name: 'masked GRU sigmoid, goBackwards (fused)', masked: true, gradients: true, layers: (f) => [masking(), f.gru({ units: H, ...sig, goBackwards: true })] },
  { name: 'masked SimpleRNN tanh, returnSequences', masked: true, layers: (f) => [masking(), f.simpleRNN({ units: H, returnSequences: true })] },
  { name: 'Bidirectional LSTM concat', masked: false, layers: (f) => [f.bidirectional({ layer: f.lstm({ units: H, ...sig, returnSequences: true }), inputShape: [T, I] })] },
];

export interface PagePrediction {
  name: string;
  shape: number[];
  ours: number[];
  reference: number[];
  /** With `gradients`: each trainable weight's gradient of `sum(output * cotangent)`, in both models' weight order. */
  gradients?: Array<{ ours: number[]; reference: number[] }>;
}

/** Gradients of `sum(model(x) * cotangent)` for every trainable weight, in training mode. */
function weightGradients(model: tf.Sequential, x: tf.Tensor, cotangent: tf.Tensor): tf.Tensor[] {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, cotangent)), vars);
  return vars.map((v) => grads[v.name] as tf.Tensor);
}

async function run(): Promise<{ backend: string; resetBeforeGruKernel: boolean; predictions: PagePrediction[] }> {
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
    const prediction: PagePrediction = { name: c.name, shape: actual.shape, ours: Array.from(await actual.data()), reference: Array.from(await expected.data()) };
    if (c.gradients === true) {
      const cotangent = tf.randomNormal(expected.shape, 0, 1, 'float32', 3);
      const theirs = weightGradients(ref, x, cotangent);
      const mine = weightGradients(ours, x, cotangent);
      prediction.gradients = await Promise.all(mine.map(async (g, k) => ({ ours: Array.from(await g.data()), reference: Array.from(await (theirs[k] as tf.Tensor).data()) })));
    }
    predictions.push(prediction);
  }
  return { backend: tf.getBackend(), resetBeforeGruKernel: tf.getKernel(GRU_RESET_BEFORE_SEQUENCE, 'webgl') !== undefined, predictions };
}

(globalThis as unknown as { runTfjsLayersChecks: typeof run }).runTfjsLayersChecks = run;

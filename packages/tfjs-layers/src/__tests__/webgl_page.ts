// Page side of the WebGL test (bundled by esbuild): tf.layers and this package's layers with the
// same weights predict on webgl, and the reset-before GRU's WebGL kernels run beside its portable
// body; the outputs go back to Node for the comparison.
import * as tf from '@tensorflow/tfjs';
import { setupWebglBackend } from '@rnnkit/backend-webgl';
import { GRU_RESET_BEFORE_SEQUENCE, gruResetBeforeSequenceGradOp, gruResetBeforeSequenceOp } from '@rnnkit/ops';
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

/** One run of the reset-before GRU's WebGL kernels and its portable body, outputs in the specs' order. */
export interface KernelRun {
  name: string;
  /** y, h, gates of the kernel and of the portable body. */
  forward: { kernel: number[][]; portable: number[][] };
  /** dx, dh0, dwIh, dwHh, dbias. */
  backward: { kernel: number[][]; portable: number[][] };
}

/** The kernels against the portable body, for both gate kinds, in both directions, masked or not. */
async function kernelRuns(): Promise<KernelRun[]> {
  const runs: KernelRun[] = [];
  const values = (list: tf.Tensor[]): Promise<number[][]> => Promise.all(list.map(async (t) => Array.from(await t.data())));
  for (const gateActivation of ['sigmoid', 'hardSigmoid'] as const) {
    for (const [reverse, masked] of [[false, false], [true, true]] as const) {
      const inputs = {
        x: tf.randomNormal([T, N, I], 0, 1, 'float32', 11),
        h0: tf.randomNormal([N, H], 0, 0.5, 'float32', 12),
        wIh: tf.randomNormal([I, 3 * H], 0, 0.5, 'float32', 13),
        wHh: tf.randomNormal([H, 3 * H], 0, 0.5, 'float32', 14),
        bias: tf.randomNormal([3 * H], 0, 0.5, 'float32', 15),
        mask: tf.tensor3d([1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0], [T, N, 1]),
      };
      const attrs = { reverse, masked, gateActivation };
      const portable = gruResetBeforeSequenceOp.portable(inputs, { ...attrs, workspace: true });
      const kernel = tf.engine().runKernel(GRU_RESET_BEFORE_SEQUENCE, inputs, { ...attrs, workspace: true }) as tf.Tensor[];
      const gradInputs = { x: inputs.x, h0: inputs.h0, wIh: inputs.wIh, wHh: inputs.wHh, mask: inputs.mask, gates: portable.gates, dy: tf.randomNormal([T, N, H], 0, 1, 'float32', 16), dh: tf.randomNormal([N, H], 0, 1, 'float32', 17) };
      const portableGrads = gruResetBeforeSequenceGradOp.portable(gradInputs, attrs);
      const kernelGrads = tf.engine().runKernel(gruResetBeforeSequenceGradOp.spec.kernelName, gradInputs, attrs) as tf.Tensor[];
      runs.push({
        name: `${gateActivation}${reverse ? ', reverse' : ''}${masked ? ', masked' : ''}`,
        forward: { kernel: await values(kernel), portable: await values([portable.y, portable.h, portable.gates]) },
        backward: { kernel: await values(kernelGrads), portable: await values(gruResetBeforeSequenceGradOp.spec.outputs.map((o) => portableGrads[o])) },
      });
    }
  }
  return runs;
}

async function run(): Promise<{ backend: string; resetBeforeGruKernel: boolean; predictions: PagePrediction[]; kernelRuns: KernelRun[] }> {
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
  return { backend: tf.getBackend(), resetBeforeGruKernel: tf.getKernel(GRU_RESET_BEFORE_SEQUENCE, 'webgl') !== undefined, predictions, kernelRuns: await kernelRuns() };
}

(globalThis as unknown as { runTfjsLayersChecks: typeof run }).runTfjsLayersChecks = run;

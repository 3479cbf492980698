// Page side of the WebGL test (bundled by esbuild): tf.layers and this package's layers with the
// same weights predict on webgl, and the project's WebGL LSTM and GRU kernels run beside their
// portable operations (forward and backward, both gate functions); the outputs go back to Node
// for the comparison.
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs';
import { setupWebglBackend } from '@rnnkit/backend-webgl';
import { gruResetBeforeSequenceGradOp, gruResetBeforeSequenceOp, gruSequenceGradOp, gruSequenceOp, lstmSequenceGradOp, lstmSequenceOp } from '@rnnkit/ops';
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
  { name: 'LSTM default hardSigmoid, returnSequences', masked: false, layers: (f) => [f.lstm({ units: H, returnSequences: true, inputShape: [T, I] })] },
  { name: 'masked LSTM default hardSigmoid, goBackwards', masked: true, layers: (f) => [masking(), f.lstm({ units: H, goBackwards: true })] },
  { name: 'Bidirectional LSTM default hardSigmoid', masked: false, layers: (f) => [f.bidirectional({ layer: f.lstm({ units: H }), inputShape: [T, I] })] },
];

/** A fused operation as the kernel check sees it: names only. */
interface LooseOp {
  readonly spec: { readonly kernelName: string; readonly outputs: readonly string[]; readonly workspace: readonly string[] };
  readonly portable: unknown;
}

/** The gated operations whose WebGL kernels are compared with their portable bodies. */
const GATED_OPS: Array<{ name: string; forward: LooseOp; backward: LooseOp; inputs: () => NamedTensorMap; saved: string[]; upstream: string[] }> = [
  {
    name: 'lstm',
    forward: lstmSequenceOp,
    backward: lstmSequenceGradOp,
    inputs: () => ({ x: wide([T, N, I]), h0: wide([N, H]), c0: wide([N, H]), wIh: wide([I, 4 * H]), wHh: wide([H, 4 * H]), bias: wide([4 * H]), mask: stepMask() }),
    saved: ['gates', 'cs'],
    upstream: ['dy', 'dh', 'dc'],
  },
  {
    name: 'gru',
    forward: gruSequenceOp,
    backward: gruSequenceGradOp,
    inputs: () => ({ x: wide([T, N, I]), h0: wide([N, H]), wIh: wide([I, 3 * H]), wHh: wide([H, 3 * H]), bIh: wide([3 * H]), bHh: wide([3 * H]), mask: stepMask() }),
    saved: ['gates', 'hns'],
    upstream: ['dy', 'dh'],
  },
  {
    name: 'resetBeforeGru',
    forward: gruResetBeforeSequenceOp,
    backward: gruResetBeforeSequenceGradOp,
    inputs: () => ({ x: wide([T, N, I]), h0: wide([N, H]), wIh: wide([I, 3 * H]), wHh: wide([H, 3 * H]), bias: wide([3 * H]), mask: stepMask() }),
    saved: ['gates'],
    upstream: ['dy', 'dh'],
  },
];

let seed = 1000;
/** Values wide enough that many gate pre-activations fall where the hard sigmoid clips. */
const wide = (shape: number[]): tf.Tensor => tf.randomNormal(shape, 0, 1.5, 'float32', seed++);
/** (T, N, 1): sample 1 ends after 4 steps, sample 2 after 2. */
const stepMask = (): tf.Tensor => tf.tensor3d(Array.from({ length: T * N }, (_, k) => (Math.floor(k / N) < ([T, 4, 2][k % N] ?? T) ? 1 : 0)), [T, N, 1]);

/** The registered kernel's outputs, or the portable body's in the same (spec) order. */
function runOp(op: LooseOp, inputs: NamedTensorMap, attrs: NamedAttrMap, kernel: boolean): tf.Tensor[] {
  if (kernel) return tf.engine().runKernel(op.spec.kernelName, inputs, attrs) as tf.Tensor[];
  const out = (op.portable as (i: NamedTensorMap, a: NamedAttrMap) => Record<string, tf.Tensor>)(inputs, attrs);
  return [...op.spec.outputs, ...op.spec.workspace].map((name) => out[name] as tf.Tensor);
}

/** Every output and gradient of the WebGL kernels beside the portable operations', one entry per tensor. */
async function kernelChecks(): Promise<PagePrediction[]> {
  const checks: PagePrediction[] = [];
  for (const c of GATED_OPS) {
    for (const gateActivation of ['sigmoid', 'hardSigmoid']) {
      for (const [reverse, masked] of [[false, false], [true, true]] as const) {
        const label = `${c.name} ${gateActivation}${reverse ? ' reverse' : ''}${masked ? ' masked' : ''}`;
        if (tf.getKernel(c.forward.spec.kernelName, 'webgl') === undefined || tf.getKernel(c.backward.spec.kernelName, 'webgl') === undefined) {
          throw new Error(`no WebGL kernel for ${c.name}`);
        }
        const inputs = c.inputs();
        const attrs: NamedAttrMap = { reverse, masked, gateActivation };
        const reference = runOp(c.forward, inputs, { ...attrs, workspace: true }, false);
        const ours = runOp(c.forward, inputs, { ...attrs, workspace: true }, true);
        const userOutputs = reference.length - c.saved.length;
        const gradInputs: NamedTensorMap = { ...inputs };
        c.saved.forEach((name, k) => {
          gradInputs[name] = reference[userOutputs + k] as tf.Tensor;
        });
        c.upstream.forEach((name, k) => {
          gradInputs[name] = tf.randomNormal((reference[k] as tf.Tensor).shape, 0, 1, 'float32', seed++);
        });
        const referenceGrads = runOp(c.backward, gradInputs, attrs, false);
        const grads = runOp(c.backward, gradInputs, attrs, true);
        const pairs: Array<[string, tf.Tensor, tf.Tensor]> = [
          ...reference.map((r, k): [string, tf.Tensor, tf.Tensor] => [`${label} forward ${k}`, ours[k] as tf.Tensor, r]),
          ...referenceGrads.map((r, k): [string, tf.Tensor, tf.Tensor] => [`${label} gradient ${k}`, grads[k] as tf.Tensor, r]),
        ];
        for (const [name, a, r] of pairs) {
          checks.push({ name, shape: a.shape, ours: Array.from(await a.data()), reference: Array.from(await r.data()) });
        }
      }
    }
  }
  return checks;
}

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

async function run(): Promise<{ backend: string; predictions: PagePrediction[]; kernels: PagePrediction[] }> {
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
  return { backend: tf.getBackend(), predictions, kernels: await kernelChecks() };
}

(globalThis as unknown as { runTfjsLayersChecks: typeof run }).runTfjsLayersChecks = run;

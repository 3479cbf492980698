// The reference is tf.layers itself: same weights, same predictions, gradients, model.fit losses
// and trained weights, for every option, on cpu and wasm.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { GRU_RESET_BEFORE_SEQUENCE, GRU_RESET_BEFORE_SEQUENCE_GRAD, GRU_SEQUENCE, GRU_SEQUENCE_GRAD, LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD } from '@rnnkit/ops';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, tensorCountsOverSteps, useBackend } from '@rnnkit/testing';
import { BACKENDS, expectClose } from './helpers.js';
import type { Factories } from './layer_factories.js';
import { OURS, TF } from './layer_factories.js';


const N = 3;
const T = 6;
const I = 4;
const H = 5;
const SHAPE = { inputShape: [T, I] };

interface Case {
  readonly name: string;
  readonly masked?: boolean;
  /** Dropout makes training random: only inference is compared. */
  readonly inferenceOnly?: boolean;
  /** Inputs 4 times larger, so that many gates clip in Keras' hard sigmoid. */
  readonly wide?: boolean;
  layers(f: Factories): tf.layers.Layer[];
}

const masking = (): tf.layers.Layer => tf.layers.masking({ maskValue: 0, inputShape: [T, I] });
const sig = { recurrentActivation: 'sigmoid' } as const;

const CASES: Case[] = [
  { name: 'LSTM sigmoid (fused)', layers: (f) => [f.lstm({ units: H, ...sig, ...SHAPE })] },
  { name: 'LSTM sigmoid, returnSequences, goBackwards, unitForgetBias', layers: (f) => [f.lstm({ units: H, ...sig, returnSequences: true, goBackwards: true, unitForgetBias: true, ...SHAPE })] },
  { name: 'LSTM default hardSigmoid (fused), returnSequences', layers: (f) => [f.lstm({ units: H, returnSequences: true, ...SHAPE })] },
  { name: 'LSTM default hardSigmoid, inputs wide enough that gates clip', wide: true, layers: (f) => [f.lstm({ units: H, returnSequences: true, ...SHAPE })] },
  { name: 'LSTM default hardSigmoid, goBackwards, unitForgetBias', layers: (f) => [f.lstm({ units: H, goBackwards: true, unitForgetBias: true, ...SHAPE })] },
  { name: 'LSTM recurrentActivation tanh (cell loop)', layers: (f) => [f.lstm({ units: H, recurrentActivation: 'tanh', ...SHAPE })] },
  { name: 'LSTM useBias false', layers: (f) => [f.lstm({ units: H, ...sig, useBias: false, ...SHAPE })] },
  { name: 'LSTM activation relu (cell loop)', layers: (f) => [f.lstm({ units: H, ...sig, activation: 'relu', ...SHAPE })] },
  { name: 'LSTM activation linear (cell loop)', layers: (f) => [f.lstm({ units: H, ...sig, activation: 'linear', returnSequences: true, ...SHAPE })] },
  {
    name: 'LSTM regularizers and constraints',
    layers: (f) => [f.lstm({ units: H, ...sig, kernelRegularizer: tf.regularizers.l2({ l2: 0.05 }), recurrentRegularizer: tf.regularizers.l1({ l1: 0.02 }), biasConstraint: tf.constraints.maxNorm({ maxValue: 0.5, axis: 0 }), ...SHAPE })],
  },
  { name: 'masked LSTM sigmoid, returnSequences', masked: true, layers: (f) => [masking(), f.lstm({ units: H, ...sig, returnSequences: true })] },
  { name: 'masked LSTM sigmoid, goBackwards', masked: true, layers: (f) => [masking(), f.lstm({ units: H, ...sig, goBackwards: true })] },
  { name: 'masked LSTM hardSigmoid (fused)', masked: true, layers: (f) => [masking(), f.lstm({ units: H, returnSequences: true })] },
  { name: 'masked LSTM hardSigmoid, goBackwards, wide inputs', masked: true, wide: true, layers: (f) => [masking(), f.lstm({ units: H, goBackwards: true })] },
  { name: 'GRU default hardSigmoid (fused, reset before the product), returnSequences', layers: (f) => [f.gru({ units: H, returnSequences: true, ...SHAPE })] },
  { name: 'GRU sigmoid, goBackwards', layers: (f) => [f.gru({ units: H, ...sig, goBackwards: true, ...SHAPE })] },
  { name: 'GRU useBias false', layers: (f) => [f.gru({ units: H, useBias: false, returnSequences: true, ...SHAPE })] },
  { name: 'GRU activation relu (cell loop)', layers: (f) => [f.gru({ units: H, activation: 'relu', ...SHAPE })] },
  { name: 'GRU dropout and recurrentDropout (inference)', inferenceOnly: true, layers: (f) => [f.gru({ units: H, dropout: 0.3, recurrentDropout: 0.2, ...SHAPE })] },
  { name: 'masked GRU default hardSigmoid, goBackwards, wide inputs', masked: true, wide: true, layers: (f) => [masking(), f.gru({ units: H, goBackwards: true })] },
  { name: 'masked GRU sigmoid, goBackwards', masked: true, layers: (f) => [masking(), f.gru({ units: H, ...sig, goBackwards: true })] },
  { name: 'masked GRU default hardSigmoid, returnSequences', masked: true, layers: (f) => [masking(), f.gru({ units: H, returnSequences: true })] },
  { name: 'two stacked GRUs', layers: (f) => [f.gru({ units: H, returnSequences: true, ...SHAPE }), f.gru({ units: 3 })] },
  { name: 'SimpleRNN tanh, returnSequences', layers: (f) => [f.simpleRNN({ units: H, returnSequences: true, ...SHAPE })] },
  { name: 'SimpleRNN relu, goBackwards', layers: (f) => [f.simpleRNN({ units: H, activation: 'relu', goBackwards: true, ...SHAPE })] },
  { name: 'SimpleRNN linear (cell loop)', layers: (f) => [f.simpleRNN({ units: H, activation: 'linear', ...SHAPE })] },
  { name: 'masked SimpleRNN tanh, returnSequences', masked: true, layers: (f) => [masking(), f.simpleRNN({ units: H, returnSequences: true })] },
  { name: 'Bidirectional LSTM concat, returnSequences', layers: (f) => [f.bidirectional({ layer: f.lstm({ units: H, ...sig, returnSequences: true }), ...SHAPE })] },
  { name: 'Bidirectional LSTM default hardSigmoid concat', layers: (f) => [f.bidirectional({ layer: f.lstm({ units: H }), ...SHAPE })] },
  { name: 'Bidirectional GRU sum', layers: (f) => [f.bidirectional({ layer: f.gru({ units: H }), mergeMode: 'sum', ...SHAPE })] },
  { name: 'Bidirectional SimpleRNN mul', layers: (f) => [f.bidirectional({ layer: f.simpleRNN({ units: H }), mergeMode: 'mul', ...SHAPE })] },
  { name: 'masked Bidirectional LSTM ave, returnSequences', masked: true, layers: (f) => [masking(), f.bidirectional({ layer: f.lstm({ units: H, ...sig, returnSequences: true }), mergeMode: 'ave' })] },
  { name: 'two stacked LSTMs', layers: (f) => [f.lstm({ units: H, ...sig, returnSequences: true, ...SHAPE }), f.lstm({ units: 3, ...sig })] },
  { name: 'LSTM dropout and recurrentDropout (inference)', inferenceOnly: true, layers: (f) => [f.lstm({ units: H, ...sig, dropout: 0.3, recurrentDropout: 0.2, ...SHAPE })] },
];

/** Random inputs; masked cases zero whole steps inside the sequences, not only at the end. */
function inputs(masked: boolean, wide = false): tf.Tensor3D {
  const x = tf.randomNormal([N, T, I], 0, wide ? 4 : 1, 'float32', 7);
  if (!masked) return x as tf.Tensor3D;
  const keep = [
    [1, 1, 0, 1, 1, 0],
    [0, 0, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1],
  ];
  return tf.mul(x, tf.tensor3d(keep.map((row) => row.map((k) => [k])))) as tf.Tensor3D;
}

/** The reference model with random weights (biases included) and ours with the same ones. */
function pair(c: Case): { ref: tf.Sequential; ours: tf.Sequential } {
  const ref = tf.sequential({ layers: c.layers(TF) });
  const ours = tf.sequential({ layers: c.layers(OURS) });
  ref.setWeights(ref.getWeights().map((w, k) => tf.randomUniform(w.shape, -0.6, 0.6, 'float32', 100 + k)));
  ours.setWeights(ref.getWeights());
  return { ref, ours };
}

/**
 * Gradients of `sum(output * cotangent)` for every trainable weight, and for the input unless a
 * Masking layer reads it (the mask is a step function of x, tfjs has no gradient for it).
 */
function gradients(model: tf.Sequential, x: tf.Tensor, cotangent: tf.Tensor, withInput: boolean): tf.Tensor[] {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const loss = (): tf.Scalar => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, cotangent));
  const { grads } = tf.variableGrads(loss, vars);
  const weightGrads = vars.map((v) => grads[v.name] as tf.Tensor);
  if (!withInput) return weightGrads;
  const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(model.apply(input, { training: true }) as tf.Tensor, cotangent)))(x);
  return [...weightGrads, dx];
}

for (const backend of BACKENDS) {
  describe(`same numbers as tf.layers on ${backend}`, () => {
    beforeAll(async () => {
      await useBackend(backend);
    });

    test.each(CASES)('$name', async (c) => {
      const { ref, ours } = pair(c);
      const x = inputs(c.masked === true, c.wide === true);
      const expected = ref.predict(x) as tf.Tensor;
      expectClose(ours.predict(x) as tf.Tensor, expected, FORWARD_TOLERANCE, 'predict');
      if (c.inferenceOnly === true) return;

      const cotangent = tf.randomNormal(expected.shape, 0, 1, 'float32', 3);
      const refGrads = gradients(ref, x, cotangent, c.masked !== true);
      gradients(ours, x, cotangent, c.masked !== true).forEach((g, k) => expectClose(g, refGrads[k] as tf.Tensor, GRADIENT_TOLERANCE, `gradient ${k}`));

      const y = tf.randomNormal(expected.shape, 0, 1, 'float32', 5);
      const losses: number[][] = [];
      for (const model of [ref, ours]) {
        model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
        const history = await model.fit(x, y, { epochs: 3, batchSize: N, shuffle: false, verbose: 0 });
        losses.push(history.history['loss'] as number[]);
      }
      expectClose(losses[1] as number[], losses[0] as number[], FORWARD_TOLERANCE, 'model.fit losses');
      const refWeights = ref.getWeights();
      ours.getWeights().forEach((w, k) => expectClose(w, refWeights[k] as tf.Tensor, FORWARD_TOLERANCE, `trained weight ${k}`));
    });

    test('returnState and initial states as model inputs (functional API)', () => {
      const build = (f: Factories): tf.LayersModel => {
        const x = tf.input({ shape: [T, I] });
        const h0 = tf.input({ shape: [H] });
        const c0 = tf.input({ shape: [H] });
        const outs = f.lstm({ units: H, ...sig, returnSequences: true, returnState: true }).apply(x, { initialState: [h0, c0] }) as tf.SymbolicTensor[];
        return tf.model({ inputs: [x, h0, c0], outputs: outs });
      };
      const ref = build(TF);
      const ours = build(OURS);
      ref.setWeights(ref.getWeights().map((w, k) => tf.randomUniform(w.shape, -0.6, 0.6, 'float32', 200 + k)));
      ours.setWeights(ref.getWeights());
      const feed = [inputs(false), tf.randomNormal([N, H], 0, 1, 'float32', 1), tf.randomNormal([N, H], 0, 1, 'float32', 2)];
      const expected = ref.predict(feed) as tf.Tensor[];
      const actual = ours.predict(feed) as tf.Tensor[];
      expect(actual).toHaveLength(3);
      actual.forEach((a, k) => expectClose(a, expected[k] as tf.Tensor, FORWARD_TOLERANCE, `output ${k}`));
    });

    test('stateful: states carry across predict calls and resetStates clears them', () => {
      const make = (f: Factories): tf.Sequential => tf.sequential({ layers: [f.lstm({ units: H, ...sig, stateful: true, batchInputShape: [N, T, I] })] });
      const ref = make(TF);
      const ours = make(OURS);
      ref.setWeights(ref.getWeights().map((w, k) => tf.randomUniform(w.shape, -0.6, 0.6, 'float32', 300 + k)));
      ours.setWeights(ref.getWeights());
      const x = inputs(false);
      const run = (m: tf.Sequential): tf.Tensor[] => {
        const first = m.predict(x) as tf.Tensor;
        const second = m.predict(x) as tf.Tensor;
        m.resetStates();
        return [first, second, m.predict(x) as tf.Tensor];
      };
      const expected = run(ref);
      const actual = run(ours);
      actual.forEach((a, k) => expectClose(a, expected[k] as tf.Tensor, FORWARD_TOLERANCE, `call ${k}`));
      expectClose(actual[2] as tf.Tensor, actual[0] as tf.Tensor, FORWARD_TOLERANCE, 'after resetStates');
    });

    test('fitDataset, evaluate and trainable: false as with tf.layers', async () => {
      const c = CASES.find((k) => k.name === 'two stacked LSTMs') as Case;
      const { ref, ours } = pair(c);
      const x = inputs(false);
      const y = tf.randomNormal([N, 3], 0, 1, 'float32', 5);
      const losses: number[][] = [];
      const evaluated: number[] = [];
      for (const model of [ref, ours]) {
        const frozen = model.layers[0] as tf.layers.Layer;
        model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
        const data = tf.data.zip({ xs: tf.data.array(tf.unstack(x)), ys: tf.data.array(tf.unstack(y)) }).batch(N);
        const history = await model.fitDataset(data, { epochs: 2, verbose: 0 });
        losses.push(history.history['loss'] as number[]);
        evaluated.push((model.evaluate(x, y) as tf.Scalar).dataSync()[0] ?? NaN);
        frozen.trainable = false;
        model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
        const before = frozen.getWeights();
        await model.fit(x, y, { epochs: 1, verbose: 0 });
        frozen.getWeights().forEach((w, k) => expectClose(w, before[k] as tf.Tensor, { atol: 0, rtol: 0 }, `frozen weight ${k}`));
      }
      expectClose(losses[1] as number[], losses[0] as number[], FORWARD_TOLERANCE, 'fitDataset losses');
      expectClose([evaluated[1] ?? NaN], [evaluated[0] ?? NaN], FORWARD_TOLERANCE, 'evaluate');
    });

    test('tf.layers\' default LSTM config (hardSigmoid gates) runs the fused kernels, forward and backward', async () => {
      const model = tf.sequential({ layers: [OURS.lstm({ units: H, ...SHAPE }), tf.layers.dense({ units: 1 })] });
      const reference = tf.sequential({ layers: [TF.lstm({ units: H, ...SHAPE })] });
      const x = inputs(false);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const kernelsOf = async (run: () => void): Promise<string[]> => (await tf.profile(() => tf.tidy(run))).kernelNames;
      const training = await kernelsOf(() => {
        tf.variableGrads(() => tf.sum(model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
      });
      expect(training).toEqual(expect.arrayContaining([LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD]));
      expect(await kernelsOf(() => model.predict(x))).toContain(LSTM_SEQUENCE);
      // The reference steps its cell with the hard sigmoid's clip, and never reaches the fused kernel.
      const stepped = await kernelsOf(() => reference.predict(x));
      expect(stepped).not.toContain(LSTM_SEQUENCE);
      expect(stepped).toContain('ClipByValue');
    });

    test("the GRU's configurations (tf.layers' reset before the product, Keras 3's reset after; hardSigmoid or sigmoid) run as one fused operation, forward and backward", async () => {
      const kernelsOf = async (f: () => tf.TensorContainer): Promise<string[]> => (await tf.profile(f)).kernels.map((k) => k.name);
      const configs: Array<[object, string, string]> = [
        [{}, GRU_RESET_BEFORE_SEQUENCE, GRU_RESET_BEFORE_SEQUENCE_GRAD],
        [sig, GRU_RESET_BEFORE_SEQUENCE, GRU_RESET_BEFORE_SEQUENCE_GRAD],
        [{ resetAfter: true }, GRU_SEQUENCE, GRU_SEQUENCE_GRAD],
        [{ resetAfter: true, ...sig }, GRU_SEQUENCE, GRU_SEQUENCE_GRAD],
      ];
      for (const [config, forwardKernel, backwardKernel] of configs) {
        const model = tf.sequential({ layers: [OURS.gru({ units: H, returnSequences: true, ...config, ...SHAPE })] });
        const x = inputs(false);
        const forward = await kernelsOf(() => model.predict(x) as tf.Tensor);
        expect(forward.filter((name) => name === forwardKernel)).toHaveLength(1);
        const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const training = await kernelsOf(() => tf.variableGrads(() => tf.sum(model.apply(x, { training: true }) as tf.Tensor), vars).value);
        expect(training.filter((name) => name === backwardKernel)).toHaveLength(1);
        // The cell loop would squash the gates of every step on its own.
        expect(training.filter((name) => name === 'Tanh')).toHaveLength(0);
      }
    });

    test('a training step leaks no tensors', async () => {
      const model = tf.sequential({ layers: [masking(), OURS.lstm({ units: H, ...sig, returnSequences: true }), tf.layers.dense({ units: 2 })] });
      const optimizer = tf.train.sgd(0.05);
      const x = inputs(true);
      const y = tf.randomNormal([N, T, 2]);
      const counts = await tensorCountsOverSteps(() => {
        optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
      });
      expect(counts.afterLast).toBe(counts.afterSecond);
    });
  });
}

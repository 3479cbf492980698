// tfjs-layers' own numeric tests of LSTM, GRU, SimpleRNN and Bidirectional (golden values from
// Python Keras, as recorded in tfjs-layers' recurrent_test.ts and wrappers_test.ts), run with this
// package's layers.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { useBackend } from '@rnnkit/testing';
import { bidirectional, gru, lstm, simpleRNN } from '@rnnkit/tfjs-layers';
import { BACKENDS, expectClose, filled } from './helpers.js';

// tf.layers' tests compare with Keras' float32 values printed to 7-8 digits.
const GOLDEN = { atol: 1e-5, rtol: 1e-4 };
// After SGD with a learning rate of 5, float32 rounding differs from Keras' by ~1e-4 (tf.layers
// gives the same numbers as this package); tf.layers' test allows 1e-3.
const AFTER_LARGE_STEPS = { atol: 1e-3, rtol: 0 };
// tf.gather's gradient (Embedding's) needs UnsortedSegmentSum, which the wasm backend lacks: a
// model that trains an Embedding cannot train there with tf.layers' layers or these.
const trainsEmbedding = (backend: string): typeof test.skip => (backend === 'wasm' ? test.skip : test);

for (const backend of BACKENDS) {
  describe(`tf.layers golden values on ${backend}`, () => {
    beforeAll(async () => {
      await useBackend(backend);
    });

    describe('SimpleRNN', () => {
      test.each(['linear', 'tanh'] as const)('one step, ones weights, %s', (activation) => {
        const layer = simpleRNN({ units: 5, kernelInitializer: 'ones', recurrentInitializer: 'ones', biasInitializer: 'ones', activation });
        const y = layer.apply(tf.ones([4, 1, 2])) as tf.Tensor;
        expectClose(y, filled([4, 5], activation === 'tanh' ? Math.tanh(3) : 3), GOLDEN);
      });

      test('returnSequences and returnState, linear', () => {
        const layer = simpleRNN({ units: 5, returnSequences: true, returnState: true, kernelInitializer: 'ones', recurrentInitializer: 'ones', biasInitializer: 'ones', activation: 'linear' });
        const [y, h] = layer.apply(tf.ones([4, 2, 2])) as tf.Tensor[];
        expectClose(y as tf.Tensor, tf.stack([filled([4, 5], 3), filled([4, 5], 18)], 1), GOLDEN);
        expectClose(h as tf.Tensor, filled([4, 5], 18), GOLDEN);
      });

      test('stateful forward with a dense layer, then resetStates', () => {
        const model = tf.sequential({
          layers: [
            simpleRNN({ units: 5, kernelInitializer: 'ones', recurrentInitializer: 'ones', biasInitializer: 'zeros', activation: 'linear', stateful: true, batchInputShape: [4, 3, 2] }),
            tf.layers.dense({ units: 1, kernelInitializer: 'ones' }),
          ],
        });
        const xs = tf.ones([4, 3, 2]);
        expectClose(model.predict(xs) as tf.Tensor, filled([4, 1], 310), GOLDEN);
        expectClose(model.predict(xs) as tf.Tensor, filled([4, 1], 39060), GOLDEN);
        model.resetStates();
        expectClose(model.predict(xs) as tf.Tensor, filled([4, 1], 310), GOLDEN);
      });

      test('stateful BPTT loss (tanh: the fused operation)', async () => {
        const model = tf.sequential({
          layers: [
            simpleRNN({ units: 5, kernelInitializer: 'ones', recurrentInitializer: 'ones', biasInitializer: 'zeros', stateful: true, batchInputShape: [4, 3, 2] }),
            tf.layers.dense({ units: 1, kernelInitializer: 'zeros', useBias: false }),
          ],
        });
        model.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });
        const ys = tf.tensor2d([[-1], [-2], [0], [1], [1], [2], [0], [-1]]);
        const history = await model.fit(tf.ones([8, 3, 2]), ys, { batchSize: 4, shuffle: false, verbose: 0 });
        expect(history.history['loss']?.[0]).toBeCloseTo(1.5262475, 5);
      });

      test('BPTT weights after two epochs of SGD(5)', async () => {
        const model = tf.sequential({
          layers: [
            simpleRNN({ units: 1, kernelInitializer: 'ones', recurrentInitializer: 'ones', useBias: false, inputShape: [3, 4] }),
            tf.layers.dense({ units: 1, kernelInitializer: 'ones', useBias: false }),
          ],
        });
        model.compile({ loss: 'meanSquaredError', optimizer: tf.train.sgd(5) });
        await model.fit(tf.ones([5, 3, 4]), tf.zeros([5, 1]), { epochs: 2, verbose: 0 });
        const [kernel, recurrent] = model.layers[0]?.getWeights() ?? [];
        expectClose(kernel as tf.Tensor, filled([4, 1], 0.8484658), AFTER_LARGE_STEPS);
        expectClose(recurrent as tf.Tensor, filled([1, 1], 0.8484799), AFTER_LARGE_STEPS);
        expectClose(model.layers[1]?.getWeights()[0] as tf.Tensor, filled([1, 1], 80.967026), AFTER_LARGE_STEPS);
      });
    });

    describe('GRU', () => {
      test('stateful forward, linear', () => {
        const model = tf.sequential({
          layers: [gru({ units: 5, kernelInitializer: 'ones', recurrentInitializer: 'zeros', biasInitializer: 'zeros', activation: 'linear', stateful: true, batchInputShape: [4, 3, 2] })],
        });
        const xs = tf.ones([4, 3, 2]);
        expectClose(model.predict(xs) as tf.Tensor, filled([4, 5], 0.542), GOLDEN);
        expectClose(model.predict(xs) as tf.Tensor, filled([4, 5], 0.9371182), GOLDEN);
        model.resetStates();
        expectClose(model.predict(xs) as tf.Tensor, filled([4, 5], 0.542), GOLDEN);
      });

      test('stateful BPTT loss', async () => {
        const model = tf.sequential({
          layers: [
            gru({ units: 5, kernelInitializer: 'ones', recurrentInitializer: 'ones', biasInitializer: 'zeros', stateful: true, batchInputShape: [4, 3, 2] }),
            tf.layers.dense({ units: 1, kernelInitializer: 'zeros', useBias: false }),
          ],
        });
        model.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });
        const ys = tf.tensor2d([[-1], [-2], [0], [1], [1], [2], [0], [-1]]);
        const history = await model.fit(tf.ones([8, 3, 2]), ys, { batchSize: 4, shuffle: false, verbose: 0 });
        expect(history.history['loss']?.[0]).toBeCloseTo(1.501, 2); // tf.layers' test's precision: Keras printed 1.501
      });

      test('BPTT weights after two epochs of SGD(1)', async () => {
        const model = tf.sequential({
          layers: [
            gru({ units: 1, kernelInitializer: 'zeros', recurrentInitializer: 'zeros', useBias: false, inputShape: [3, 4] }),
            tf.layers.dense({ units: 1, kernelInitializer: 'ones', useBias: false }),
          ],
        });
        model.compile({ loss: 'meanSquaredError', optimizer: tf.train.sgd(1) });
        await model.fit(tf.ones([5, 3, 4]), tf.ones([5, 1]), { epochs: 2, verbose: 0 });
        const [kernel, recurrent] = model.layers[0]?.getWeights() ?? [];
        expectClose(kernel as tf.Tensor, tf.tile(tf.tensor2d([[-0.03750037, 0, 1.7500007]]), [4, 1]), GOLDEN);
        expectClose(recurrent as tf.Tensor, tf.tensor2d([[-1.562513e-2, 0, 2.086183e-7]]), GOLDEN);
        expectClose(model.layers[1]?.getWeights()[0] as tf.Tensor, tf.tensor2d([[1.2187521]]), GOLDEN);
      });

      test('initial state from another layer (functional model), then a JSON round trip', async () => {
        const in1 = tf.input({ shape: [5] });
        const out1 = tf.layers.dense({ units: 2, kernelInitializer: 'ones', biasInitializer: 'zeros' }).apply(in1) as tf.SymbolicTensor;
        const in2 = tf.input({ shape: [3, 4] });
        const out2 = gru({ units: 2, recurrentInitializer: 'ones', kernelInitializer: 'ones', biasInitializer: 'zeros' }).apply(in2, { initialState: out1 }) as tf.SymbolicTensor;
        const model = tf.model({ inputs: [in1, in2], outputs: [out1, out2] });
        const xs1 = tf.tensor2d([[0.1, 0.2, 0.3, 0.4, 0.5]]);
        const xs2 = tf.tensor3d([[[0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, -0.4], [0.3, 0.4, 0.5, 0.6]]]);
        const ys = model.predict([xs1, xs2]) as tf.Tensor[];
        expectClose(ys[0] as tf.Tensor, tf.tensor2d([[1.5, 1.5]]), GOLDEN);
        expectClose(ys[1] as tf.Tensor, tf.tensor2d([[1.4435408, 1.4435408]]), GOLDEN);
      });
    });

    describe('LSTM', () => {
      test('stateful BPTT loss', async () => {
        const model = tf.sequential({
          layers: [
            lstm({ units: 5, kernelInitializer: 'ones', recurrentInitializer: 'ones', biasInitializer: 'ones', stateful: true, batchInputShape: [4, 3, 2] }),
            tf.layers.dense({ units: 1, kernelInitializer: 'ones', useBias: false }),
          ],
        });
        model.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });
        const ys = tf.tensor2d([[1], [2], [3], [4], [5], [6], [7], [8]]);
        const history = await model.fit(tf.ones([8, 3, 2]), ys, { batchSize: 4, shuffle: false, verbose: 0 });
        expect(history.history['loss']?.[0]).toBeCloseTo(5.8377, 3);
      });

      test('BPTT weights after two epochs of SGD(1)', async () => {
        const model = tf.sequential({
          layers: [
            lstm({ units: 1, kernelInitializer: 'zeros', recurrentInitializer: 'zeros', useBias: false, inputShape: [3, 4] }),
            tf.layers.dense({ units: 1, kernelInitializer: 'ones', useBias: false }),
          ],
        });
        model.compile({ loss: 'meanSquaredError', optimizer: tf.train.sgd(1) });
        await model.fit(tf.ones([5, 3, 4]), tf.ones([5, 1]), { epochs: 2, verbose: 0 });
        const [kernel, recurrent] = model.layers[0]?.getWeights() ?? [];
        expectClose(kernel as tf.Tensor, tf.tile(tf.tensor2d([[0.11455188, 0.06545822, 0.8760446, 0.18237013]]), [4, 1]), GOLDEN);
        expectClose(recurrent as tf.Tensor, tf.tensor2d([[0.02831176, 0.01934617, 0.00025817, 0.05784169]]), GOLDEN);
        expectClose(model.layers[1]?.getWeights()[0] as tf.Tensor, tf.tensor2d([[1.4559253]]), GOLDEN);
      });

      const embedded = (length: number): tf.layers.Layer => tf.layers.embedding({ inputDim: 10, outputDim: 4, inputLength: length, maskZero: true, embeddingsInitializer: 'ones' });
      const ones3 = { recurrentInitializer: 'ones', kernelInitializer: 'ones', biasInitializer: 'zeros' } as const;
      const sum = (): tf.layers.Layer => tf.layers.dense({ units: 1, kernelInitializer: 'ones', biasInitializer: 'zeros' });

      test('with a mask from embedding(maskZero)', () => {
        const model = tf.sequential({ layers: [embedded(6), lstm({ units: 3, ...ones3 }), sum()] });
        const xs = tf.tensor2d([[0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [1, 2, 0, 0, 0, 0], [1, 2, 3, 0, 0, 0]]);
        expectClose(model.predict(xs) as tf.Tensor, tf.tensor2d([[0], [2.283937], [2.891939], [2.9851441]]), GOLDEN);
      });

      test('with a mask, goBackwards', () => {
        const embedding = tf.layers.embedding({ inputDim: 4, outputDim: 2, inputLength: 3, maskZero: true });
        const layer = lstm({ units: 2, goBackwards: true });
        const model = tf.sequential({ layers: [embedding, layer, sum()] });
        embedding.setWeights([tf.tensor2d([[0.1, 0.2], [0.3, 0.4], [-0.1, -0.2], [-0.3, -0.4]])]);
        const w = tf.tensor2d([[1, 2, 3, 4, 5, 6, 7, 8], [-1, -2, -3, -4, -5, -6, -7, -8]]);
        layer.setWeights([w, w, tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8])]);
        const xs = tf.tensor2d([[0, 0, 0], [1, 0, 0], [1, 2, 0], [1, 2, 3]]);
        expectClose(model.predict(xs) as tf.Tensor, tf.tensor2d([[0], [1.2876499], [1.8165315], [1.9599037]]), GOLDEN);
      });

      test('with a mask, inside a nested model', () => {
        const nested = tf.sequential({ layers: [embedded(6), lstm({ units: 3, ...ones3 })] });
        const model = tf.sequential({ layers: [tf.layers.reshape({ targetShape: [6], inputShape: [6] }), nested, sum()] });
        const xs = tf.tensor2d([[0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [1, 2, 0, 0, 0, 0], [1, 2, 3, 0, 0, 0]]);
        expectClose(model.predict(xs) as tf.Tensor, tf.tensor2d([[0], [2.283937], [2.891939], [2.9851441]]), GOLDEN);
      });

      trainsEmbedding(backend)('BPTT with a mask: losses, no leak', async () => {
        const model = tf.sequential({ layers: [embedded(6), lstm({ units: 3, ...ones3 }), sum()] });
        model.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });
        const xs = tf.tensor2d([[0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [1, 2, 0, 0, 0, 0], [1, 2, 3, 0, 0, 0]]);
        const ys = tf.tensor2d([[1], [2], [3], [4]]);
        await model.fit(xs, ys, { epochs: 2, batchSize: 4, verbose: 0 });
        const before = tf.memory().numTensors;
        const history = await model.fit(xs, ys, { epochs: 2, batchSize: 4, verbose: 0 });
        expect(tf.memory().numTensors).toBe(before);
        expectClose(history.history['loss'] as number[], [0.503677, 0.492173], { atol: 1e-5, rtol: 1e-4 }, 'loss');
      });

      test('with a mask, returnState', () => {
        const inp = tf.input({ shape: [6] });
        const e = embedded(6).apply(inp) as tf.SymbolicTensor;
        const y = lstm({ units: 3, returnState: true, ...ones3 }).apply(e) as tf.SymbolicTensor[];
        const model = tf.model({ inputs: inp, outputs: y });
        const xs = tf.tensor2d([[0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [1, 2, 0, 0, 0, 0], [1, 2, 3, 0, 0, 0]]);
        const [out, h, c] = model.predict(xs) as tf.Tensor[];
        const hExpected = tf.tile(tf.tensor2d([[0], [0.76131237], [0.9639796], [0.99504817]]), [1, 3]);
        expectClose(out as tf.Tensor, hExpected, GOLDEN);
        expectClose(h as tf.Tensor, hExpected, GOLDEN);
        expectClose(c as tf.Tensor, tf.tile(tf.tensor2d([[0], [0.9993292], [1.9993222], [2.9993203]]), [1, 3]), GOLDEN);
      });

      test('with a mask, returnSequences', () => {
        const model = tf.sequential({ layers: [embedded(3), lstm({ units: 3, returnSequences: true, ...ones3 }), sum()] });
        const xs = tf.tensor2d([[0, 0, 0], [1, 0, 0], [1, 2, 0], [1, 2, 3]]);
        const a = 2.283937;
        const b = 2.8919387;
        expectClose(model.predict(xs) as tf.Tensor, tf.tensor3d([[[0], [0], [0]], [[a], [a], [a]], [[a], [b], [b]], [[a], [b], [2.9851446]]]), GOLDEN);
      });

      test('stacked SimpleRNN (tanh: fused, masked) and LSTM with masking', () => {
        const model = tf.sequential({ layers: [embedded(3), simpleRNN({ units: 3, returnSequences: true, ...ones3 }), lstm({ units: 3, ...ones3 })] });
        const xs = tf.tensor2d([[0, 0, 0], [1, 0, 0], [1, 2, 0], [1, 2, 3]]);
        model.predict(xs);
        const before = tf.memory().numTensors;
        const ys = model.predict(xs) as tf.Tensor;
        expect(tf.memory().numTensors).toBe(before + 1);
        expectClose(ys, tf.tile(tf.tensor2d([[0], [0.75950104], [0.96367145], [0.9950049]]), [1, 3]), GOLDEN);
      });
    });

    describe('Bidirectional', () => {
      const x = (): tf.Tensor3D => tf.tensor3d([[[0.05, 0.05], [-0.05, -0.05], [0.1, 0.1], [-0.1, -0.1]]]);
      const wrapped = (mergeMode: 'concat' | 'mul' | 'ave' | null | undefined, returnState: boolean): tf.layers.Layer =>
        bidirectional({ layer: simpleRNN({ units: 3, kernelInitializer: 'ones', recurrentInitializer: 'ones', useBias: false, returnState }), mergeMode });
      const forward = 0.9440416;
      const backward = -0.9842659;

      test('mergeMode null gives both directions', () => {
        const [f, b] = wrapped(null, false).apply(x()) as tf.Tensor[];
        expectClose(f as tf.Tensor, filled([1, 3], forward), GOLDEN);
        expectClose(b as tf.Tensor, filled([1, 3], backward), GOLDEN);
      });

      test.each([undefined, 'concat'] as const)('mergeMode %s concatenates', (mode) => {
        const y = wrapped(mode, false).apply(x()) as tf.Tensor;
        expectClose(y, tf.concat([filled([1, 3], forward), filled([1, 3], backward)], 1), GOLDEN);
      });

      test('mergeMode mul', () => {
        expectClose(wrapped('mul', false).apply(x()) as tf.Tensor, filled([1, 3], -0.929188), GOLDEN);
      });

      test('mergeMode ave with returnState', () => {
        const [y, h1, h2] = wrapped('ave', true).apply(x()) as tf.Tensor[];
        expectClose(y as tf.Tensor, filled([1, 3], -0.02011216), GOLDEN);
        expectClose(h1 as tf.Tensor, filled([1, 3], forward), GOLDEN);
        expectClose(h2 as tf.Tensor, filled([1, 3], backward), GOLDEN);
      });

      test.each(['concat', 'ave'] as const)('backwards LSTM inside: predict and fit, %s', async (mergeMode) => {
        const inner = lstm({ units: 1, kernelInitializer: 'ones', recurrentInitializer: 'ones', biasInitializer: 'ones', goBackwards: true });
        const model = tf.sequential({ layers: [bidirectional({ layer: inner, inputShape: [2, 2], mergeMode })] });
        model.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });
        const xs = tf.tensor3d([[[0.1, 0.2], [-0.1, 0.1]]]);
        const golden = mergeMode === 'concat'
          ? { y: tf.tensor2d([[0.3, 0.5]]), before: [0.69299805, 0.66088], loss: 0.0901649, after: [0.6927189, 0.66077083] }
          : { y: tf.tensor2d([[0.4]]), before: [0.676939], loss: 0.0766952, after: [0.6767467] };
        expectClose(model.predict(xs) as tf.Tensor, golden.before, GOLDEN);
        const history = await model.fit(xs, golden.y, { verbose: 0 });
        expect(history.history['loss']?.[0]).toBeCloseTo(golden.loss, 5);
        expectClose(model.predict(xs) as tf.Tensor, golden.after, GOLDEN);
      });

      test('GRU with initial states for both directions', () => {
        const init1 = tf.input({ shape: [3] });
        const init2 = tf.input({ shape: [3] });
        const input = tf.input({ shape: [4, 2] });
        const layer = bidirectional({ layer: gru({ units: 3, kernelInitializer: 'zeros', recurrentInitializer: 'zeros', biasInitializer: 'ones' }), mergeMode: null });
        const outputs = layer.apply(input, { initialState: [init1, init2] }) as tf.SymbolicTensor[];
        const model = tf.model({ inputs: [input, init1, init2], outputs });
        const ys = model.predict([tf.ones([1, 4, 2]), tf.fill([1, 3], -1), tf.ones([1, 3])]) as tf.Tensor[];
        expectClose(ys[0] as tf.Tensor, filled([1, 3], 0.33863544), GOLDEN);
        expectClose(ys[1] as tf.Tensor, filled([1, 3], 0.8188354), GOLDEN);
      });

      const maskedBidirectional = (kind: 'lstm' | 'simpleRNN'): tf.Sequential => tf.sequential({
        layers: [
          tf.layers.embedding({ inputLength: 2, inputDim: 3, outputDim: 3, embeddingsInitializer: 'ones', maskZero: true }),
          bidirectional({ layer: (kind === 'lstm' ? lstm : simpleRNN)({ units: 4, kernelInitializer: 'ones', recurrentInitializer: 'ones' }) }),
          tf.layers.dense({ units: 1, kernelInitializer: 'ones' }),
        ],
      });
      const maskedXs = (): tf.Tensor2D => tf.tensor2d([[0, 1], [0, 2], [0, 0], [1, 2]]);

      test.each([['lstm', [6.076076, 6.076076, 0, 7.709405]], ['simpleRNN', [7.960438, 7.960438, 0, 7.9999857]]] as const)('with masking: %s predict', (kind, predicted) => {
        expectClose(maskedBidirectional(kind).predict(maskedXs()) as tf.Tensor, tf.tensor2d(predicted.map((v) => [v])), GOLDEN);
      });

      trainsEmbedding(backend).each([['lstm', [33.318, 27.104, 22.058, 17.961, 14.634]], ['simpleRNN', [47.684, 35.741, 26.804, 20.115, 15.108]]] as const)(
        'with masking: %s five epochs',
        async (kind, losses) => {
          const model = maskedBidirectional(kind);
          model.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });
          const history = await model.fit(maskedXs(), tf.zeros([4, 1]), { epochs: 5, verbose: 0 });
          // Recorded by tf.layers' test to 5 significant digits.
          expectClose(history.history['loss'] as number[], losses, { atol: 0, rtol: 5e-5 }, 'loss');
        },
      );
    });
  });
}

// The PyTorch-style modules: names, shapes, layouts, composition, dropout, training without
// leaks, and errors for bad input.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { initParams, seededRandom } from '@rnnkit/core';
import { gruCell, mguCell } from '@rnnkit/cells';
import { tensorCountsOverSteps, useBackend } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { bidirectional } from '../recurrent/bidirectional.js';
import { cellLayer } from '../recurrent/cell_layer.js';
import { gru } from './gru.js';
import { lstm } from './lstm.js';
import { RecurrentModule } from './recurrent_module.js';
import { rnn } from './rnn.js';
import { runSequence } from '../recurrent/run_sequence.js';
import { stacked } from '../recurrent/stacked.js';

beforeAll(async () => {
  await useBackend('cpu');
});

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? Infinity);
}

describe('PyTorch names and shapes', () => {
  it('lstm has nn.LSTM state_dict keys and shapes', () => {
    const model = lstm({ inputSize: 5, hiddenSize: 8, numLayers: 2, bidirectional: true, projSize: 3, seed: 0 });
    const shapes = Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k, v.shape]));
    expect(shapes).toEqual({
      weight_ih_l0: [32, 5], weight_hh_l0: [32, 3], bias_ih_l0: [32], bias_hh_l0: [32], weight_hr_l0: [3, 8],
      weight_ih_l0_reverse: [32, 5], weight_hh_l0_reverse: [32, 3], bias_ih_l0_reverse: [32], bias_hh_l0_reverse: [32], weight_hr_l0_reverse: [3, 8],
      weight_ih_l1: [32, 6], weight_hh_l1: [32, 3], bias_ih_l1: [32], bias_hh_l1: [32], weight_hr_l1: [3, 8],
      weight_ih_l1_reverse: [32, 6], weight_hh_l1_reverse: [32, 3], bias_ih_l1_reverse: [32], bias_hh_l1_reverse: [32], weight_hr_l1_reverse: [3, 8],
    });
    model.dispose();
  });

  it('gru and rnn without bias have only weights', () => {
    const g = gru({ inputSize: 2, hiddenSize: 3, bias: false });
    const r = rnn({ inputSize: 2, hiddenSize: 3, bias: false, numLayers: 2 });
    expect(Object.keys(g.stateDict())).toEqual(['weight_ih_l0', 'weight_hh_l0']);
    expect(Object.keys(r.stateDict())).toEqual(['weight_ih_l0', 'weight_hh_l0', 'weight_ih_l1', 'weight_hh_l1']);
    g.dispose();
    r.dispose();
  });

  it('the same seed gives the same parameters; they lie in uniform(-1/sqrt(H), 1/sqrt(H))', () => {
    const a = lstm({ inputSize: 3, hiddenSize: 16, seed: 9 });
    const b = lstm({ inputSize: 3, hiddenSize: 16, seed: 9 });
    const w = a.parameters['weight_hh_l0'] as tf.Variable;
    expect(maxAbsDiff(w, b.parameters['weight_hh_l0'] as tf.Tensor)).toBe(0);
    expect(tf.max(tf.abs(w)).dataSync()[0]).toBeLessThanOrEqual(0.25);
    a.dispose();
    b.dispose();
  });
});

describeWithBackends(['cpu', 'wasm'], 'modules', () => {
  it('gives (layers * directions, N, size) states and equal results batch-first and time-major', () => {
    const timeMajor = lstm({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, seed: 1 });
    const batchFirst = lstm({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, batchFirst: true, seed: 2 });
    batchFirst.loadStateDict(timeMajor.stateDict());
    tf.tidy(() => {
      const x = tf.randomNormal([6, 2, 3], 0, 1, 'float32', 3) as tf.Tensor3D;
      const a = timeMajor.forward(x, { lengths: [6, 4] });
      const b = batchFirst.forward(tf.transpose(x, [1, 0, 2]), { lengths: [6, 4] });
      expect(a.output.shape).toEqual([6, 2, 8]);
      expect(b.output.shape).toEqual([2, 6, 8]);
      expect(a.state['h']?.shape).toEqual([4, 2, 4]);
      expect(a.state['c']?.shape).toEqual([4, 2, 4]);
      expect(maxAbsDiff(a.output, tf.transpose(b.output, [1, 0, 2]))).toBeLessThan(1e-6);
      expect(maxAbsDiff(a.state['h'] as tf.Tensor, b.state['h'] as tf.Tensor)).toBeLessThan(1e-6);
    });
    timeMajor.dispose();
    batchFirst.dispose();
  });

  it('merges directions by sum, mul and ave from the two single-direction runs', () => {
    const cell = gruCell({ inputSize: 3, hiddenSize: 4 });
    const forwardParams = initParams(cell.paramSpec, seededRandom(4));
    const backwardParams = initParams(cell.paramSpec, seededRandom(5));
    const params = { ...forwardParams, ...Object.fromEntries(Object.entries(backwardParams).map(([k, v]) => [`${k}_reverse`, v])) };
    tf.tidy(() => {
      const x = tf.randomNormal([5, 2, 3], 0, 1, 'float32', 6) as tf.Tensor3D;
      const lengths = [5, 3];
      const ahead = runSequence(cell, forwardParams, x, { lengths }).output;
      const behind = runSequence(cell, backwardParams, x, { lengths, reverse: true }).output;
      const expected = { sum: tf.add(ahead, behind), mul: tf.mul(ahead, behind), ave: tf.div(tf.add(ahead, behind), 2), concat: tf.concat([ahead, behind], 2) };
      for (const merge of ['sum', 'mul', 'ave', 'concat'] as const) {
        const model = new RecurrentModule('bi', bidirectional(cellLayer(cell), cellLayer(cell), { merge }));
        const out = model.apply(params, x, { lengths }).output;
        model.dispose();
        expect(maxAbsDiff(out, expected[merge])).toBeLessThan(1e-6);
      }
    });
    tf.dispose(Object.values(params));
  });

  it('applies dropout between stacked layers only while training', () => {
    const layer = stacked([cellLayer(mguCell({ inputSize: 3, hiddenSize: 8 })), cellLayer(mguCell({ inputSize: 8, hiddenSize: 8 }))], { dropout: 0.5 });
    const withDropout = new RecurrentModule('m', layer, { seed: 3 });
    const noDropout = new RecurrentModule('m', stacked([cellLayer(mguCell({ inputSize: 3, hiddenSize: 8 })), cellLayer(mguCell({ inputSize: 8, hiddenSize: 8 }))]), { seed: 3 });
    tf.tidy(() => {
      const x = tf.randomNormal([4, 2, 3], 0, 1, 'float32', 1) as tf.Tensor3D;
      const evalOut = withDropout.forward(x).output;
      expect(maxAbsDiff(evalOut, noDropout.forward(x).output)).toBe(0);
      expect(maxAbsDiff(evalOut, withDropout.forward(x).output)).toBe(0);
      const trainA = withDropout.forward(x, { training: true }).output;
      const trainB = withDropout.forward(x, { training: true }).output;
      expect(maxAbsDiff(trainA, evalOut)).toBeGreaterThan(1e-3);
      expect(maxAbsDiff(trainA, trainB)).toBeGreaterThan(1e-3);
    });
    withDropout.dispose();
    noDropout.dispose();
  });

  it.each([
    ['lstm', () => lstm({ inputSize: 3, hiddenSize: 8, numLayers: 2, bidirectional: true, dropout: 0.2, seed: 1 })],
    ['gru', () => gru({ inputSize: 3, hiddenSize: 8, seed: 1 })],
    ['rnn', () => rnn({ inputSize: 3, hiddenSize: 8, nonlinearity: 'relu', seed: 1 })],
    ['stacked mgu (step loop)', () => new RecurrentModule('mgu', stacked([cellLayer(mguCell({ inputSize: 3, hiddenSize: 8 }))]), { seed: 1 })],
  ])('%s trains: the loss falls and no tensor leaks', async (_name, make) => {
    const model = make();
    const optimizer = tf.train.adam(0.02);
    const x = tf.randomNormal([6, 4, 3], 0, 1, 'float32', 8) as tf.Tensor3D;
    const target = tf.randomUniform([6, 4, model.layer.outputSize], -0.5, 0.5, 'float32', 9);
    const losses: number[] = [];
    const step = (): void => {
      const loss = optimizer.minimize(
        () => tf.mean(tf.square(tf.sub(model.forward(x, { lengths: [6, 5, 3, 1], training: true }).output, target))) as tf.Scalar,
        true,
        Object.values(model.parameters),
      );
      losses.push(loss?.dataSync()[0] ?? NaN);
      loss?.dispose();
    };
    const counts = await tensorCountsOverSteps(step, 10);
    expect(counts.afterLast).toBe(counts.afterSecond);
    expect(losses[9]).toBeLessThan(losses[0] as number);
    optimizer.dispose();
    tf.dispose([x, target]);
    model.dispose();
  });
});

describe('bad input fails with the function, the argument, the expectation and what came', () => {
  let model: RecurrentModule;
  beforeAll(() => {
    model = lstm({ inputSize: 3, hiddenSize: 4, numLayers: 2, seed: 0 });
  });

  it.each([
    ['x of the wrong rank', () => model.forward(tf.zeros([5, 3]) as unknown as tf.Tensor3D), 'lstm.forward: x must be 3-D (T, N, F), got shape [5, 3]'],
    ['x with the wrong feature size', () => model.forward(tf.zeros([5, 2, 4])), 'lstm.forward: x must have 3 features on its last axis (T, N, F), got shape [5, 2, 4]'],
    ['x with no steps', () => model.forward(tf.zeros([0, 2, 3])), 'lstm.forward: x must have at least one step and one sample (T, N, F), got shape [0, 2, 3]'],
    ['lengths of the wrong count', () => model.forward(tf.zeros([5, 2, 3]), { lengths: [5] }), 'lstm.forward: lengths must hold one length per sample (N=2), got 1'],
    ['a length past T', () => model.forward(tf.zeros([5, 2, 3]), { lengths: [5, 6] }), 'lstm.forward: lengths[1] must be an integer in [0, 5] (the sequence has T=5 steps), got 6'],
    ['a state of the wrong shape', () => model.forward(tf.zeros([5, 2, 3]), { initialState: { h: tf.zeros([1, 2, 4]) } }), 'lstm.forward: initialState.h must have shape [2, 2, 4] (slots, N, size), got shape [1, 2, 4]'],
    ['an unknown state entry', () => model.forward(tf.zeros([5, 2, 3]), { initialState: { y: tf.zeros([2, 2, 4]) } }), 'lstm.forward: unknown option "y" in initialState; known options are h, c'],
    ['an unknown forward option', () => model.forward(tf.zeros([5, 2, 3]), { lenghts: [5, 5] } as never), 'lstm.forward: unknown option "lenghts" in options'],
    ['a missing parameter', () => model.apply({}, tf.zeros([5, 2, 3])), 'lstm.apply: params.weight_ih_l0 is missing'],
    ['projSize >= hiddenSize', () => lstm({ inputSize: 3, hiddenSize: 4, projSize: 4 }), 'lstm: projSize must be smaller than hiddenSize (4), got 4'],
    ['an unknown constructor option', () => lstm({ inputSize: 3, hiddenSize: 4, hidden_size: 4 } as never), 'lstm: unknown option "hidden_size" in options'],
    ['a zero hidden size', () => gru({ inputSize: 3, hiddenSize: 0 }), 'gru: hiddenSize must be an integer >= 1, got 0'],
    ['dropout of 1', () => rnn({ inputSize: 3, hiddenSize: 2, dropout: 1 }), 'rnn: dropout must be a number in [0, 1), got 1'],
    ['an unknown nonlinearity', () => rnn({ inputSize: 3, hiddenSize: 2, nonlinearity: 'gelu' as never }), 'rnn: nonlinearity must be one of "tanh", "relu", got "gelu"'],
    ['stacking layers that do not fit', () => stacked([cellLayer(mguCell({ inputSize: 3, hiddenSize: 8 })), cellLayer(mguCell({ inputSize: 4, hiddenSize: 8 }))]), 'stacked: layers[1] must take input size 8 (the output of layers[0]), got 4'],
    ['merging unequal directions by sum', () => bidirectional(cellLayer(mguCell({ inputSize: 3, hiddenSize: 8 })), cellLayer(mguCell({ inputSize: 3, hiddenSize: 4 })), { merge: 'sum' }), 'bidirectional: merge "sum" needs equal output sizes, got 8 and 4'],
    ['a loadStateDict shape mismatch', () => model.loadStateDict({ ...model.stateDict(), bias_ih_l1: tf.zeros([15]) }), 'lstm.loadStateDict: stateDict.bias_ih_l1 must have shape [16], got [15]'],
    ['a cell step with a mis-shaped state', () => gruCell({ inputSize: 2, hiddenSize: 3 }).step(initParams(gruCell({ inputSize: 2, hiddenSize: 3 }).paramSpec), tf.zeros([2, 2]), { h: tf.zeros([2, 4]) }), 'gruCell.step: state.h must have shape [2, 3] (N, size), got shape [2, 4]'],
    ['runSequence with a state of the wrong batch', () => runSequence(gruCell({ inputSize: 2, hiddenSize: 3 }), initParams(gruCell({ inputSize: 2, hiddenSize: 3 }).paramSpec), tf.zeros([4, 2, 2]), { initialState: { h: tf.zeros([3, 3]) } }), 'runSequence: initialState.h must have shape [2, 3] (N, size), got shape [3, 3]'],
  ])('%s', (_label, call, message) => {
    expect(call).toThrow(message);
  });
});

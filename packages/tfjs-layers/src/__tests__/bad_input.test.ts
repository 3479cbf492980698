// Bad configurations and inputs fail with an InputError naming the layer, the field and the value.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, test } from '@jest/globals';
import { useBackend } from '@rnnkit/testing';
import { expectInputError } from '@rnnkit/testing/jest';
import { Jordan, PeepholeLSTM, ProjectedLSTM, bidirectional, gru, lstm, simpleRNN } from '@rnnkit/tfjs-layers';


describe('bad input', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  test.each([
    ['units 0', () => lstm({ units: 0 }), 'LSTM', 'units', '0'],
    ['units 2.5', () => gru({ units: 2.5 }), 'GRU', 'units', '2.5'],
    ['timeMajor', () => simpleRNN({ units: 2, timeMajor: true } as unknown as Parameters<typeof simpleRNN>[0]), 'SimpleRNN', 'timeMajor', 'true'],
    ['dropout 1.5', () => lstm({ units: 2, dropout: 1.5 }), 'LSTM', 'dropout', '1.5'],
    ['unknown activation', () => lstm({ units: 2, activation: 'swishy' as 'tanh' }), 'LSTM', 'activation', 'swishy'],
    ['unknown recurrentActivation', () => gru({ units: 2, recurrentActivation: 'nope' as 'sigmoid' }), 'GRU', 'recurrentActivation', 'nope'],
    ['resetAfter not boolean', () => gru({ units: 2, resetAfter: 'yes' as unknown as boolean }), 'GRU', 'resetAfter', 'yes'],
    ['resetAfter with dropout', () => gru({ units: 2, resetAfter: true, dropout: 0.1 }), 'GRU', 'dropout', '0.1'],
    ['mergeMode max', () => bidirectional({ layer: lstm({ units: 2 }), mergeMode: 'max' as 'sum' }), 'Bidirectional', 'mergeMode', 'max'],
    ['cell layer units -1', () => new PeepholeLSTM({ units: -1 }), 'RnnkitPeepholeLSTM', 'units', '-1'],
    ['projSize not below units', () => new ProjectedLSTM({ units: 4, projSize: 4 }), 'RnnkitProjectedLSTM', 'projSize', '4'],
    ['Jordan outputSize 0', () => new Jordan({ units: 4, outputSize: 0 }), 'RnnkitJordan', 'outputSize', '0'],
    ['cell layer returnSequences not boolean', () => new PeepholeLSTM({ units: 2, returnSequences: 1 as unknown as boolean }), 'RnnkitPeepholeLSTM', 'returnSequences', '1'],
    ['wrapped layer not recurrent', () => bidirectional({ layer: tf.layers.dense({ units: 2 }) as unknown as tf.RNN }), 'Bidirectional', 'layer', 'recurrent'],
  ])('%s', (_name, run, fn, argument, mentions) => {
    expectInputError(run, fn, argument, mentions);
  });

  test('stateful without a fixed batch size', () => {
    const layer = lstm({ units: 2, stateful: true, inputShape: [4, 3] });
    expectInputError(() => tf.sequential({ layers: [layer] }), layer.name, 'stateful', 'null');
  });

  test('setWeights with the wrong count or shapes', () => {
    const layer = lstm({ units: 2 });
    layer.apply(tf.zeros([1, 4, 3]));
    expectInputError(() => layer.setWeights([tf.zeros([3, 8])]), layer.name, 'weights', 'got 1');
    expectInputError(() => layer.setWeights([tf.zeros([3, 8]), tf.zeros([2, 8]), tf.zeros([6])]), layer.name, 'weights', '[6]');
  });

  test('a mask of the wrong shape', () => {
    const layer = lstm({ units: 2, recurrentActivation: 'sigmoid' });
    expectInputError(() => layer.apply(tf.zeros([2, 4, 3]), { mask: tf.ones([2, 5]) }), layer.name, 'mask', '[2, 5]');
  });

  test('a mask of the wrong shape on a cell layer', () => {
    const layer = new PeepholeLSTM({ units: 2 });
    expectInputError(() => layer.apply(tf.zeros([2, 4, 3]), { mask: tf.ones([3, 4]) }), layer.name, 'mask', '[3, 4]');
  });

  test('initial states of the wrong shape', () => {
    const layer = lstm({ units: 2, recurrentActivation: 'sigmoid' });
    expectInputError(() => layer.apply(tf.zeros([2, 4, 3]), { initialState: [tf.zeros([2, 2]), tf.zeros([2, 3])] }), layer.name, 'initialState', '[2, 3]');
  });
});

// preparedTensor: one computation per source data while no gradient is recorded, never a stale
// one after a source changes, and nothing left behind. (While a tape records it recomputes: the
// layers' training tests take gradients through it.)
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { preparedTensor } from './index.js';

describeWithBackends(['cpu', 'wasm'], 'preparedTensor', () => {
  it('computes once per source data without a tape, and frees it with the source', () => {
    const tensorsBefore = tf.memory().numTensors;
    const buffersBefore = tf.memory().numDataBuffers;
    const w = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    let calls = 0;
    const transposeOf = (): tf.Tensor2D =>
      preparedTensor([w], 'transpose', () => {
        calls++;
        return tf.transpose(w);
      });
    const first = tf.tidy(() => transposeOf().arraySync());
    const again = tf.tidy(() => transposeOf());
    expect(first).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(again.arraySync()).toEqual(first);
    expect(calls).toBe(1);
    again.dispose();
    // Only the kept layout's data outlives the calls: no tensor, one buffer.
    expect(tf.memory().numTensors).toBe(tensorsBefore + 1);
    expect(tf.memory().numDataBuffers).toBe(buffersBefore + 2);
    w.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(tf.memory().numDataBuffers).toBe(buffersBefore);
  });

  it('computes anew for every new data of a variable, and never serves the old one', () => {
    const buffersBefore = tf.memory().numDataBuffers;
    const initial = tf.tensor1d([1, 2]);
    const v = tf.variable(initial);
    initial.dispose();
    const b = tf.tensor1d([10, 20]);
    const sum = (): number[] => tf.tidy(() => Array.from(preparedTensor([v, b], 'sum', () => tf.add(v, b)).dataSync()));
    expect(sum()).toEqual([11, 22]);
    const update = tf.tensor1d([3, 4]);
    v.assign(update);
    update.dispose();
    expect(sum()).toEqual([13, 24]);
    expect(sum()).toEqual([13, 24]);
    // A different second source is a different computation.
    const c = tf.tensor1d([100, 200]);
    expect(tf.tidy(() => Array.from(preparedTensor([v, c], 'sum', () => tf.add(v, c)).dataSync()))).toEqual([103, 204]);
    c.dispose();
    b.dispose();
    v.dispose();
    expect(tf.memory().numDataBuffers).toBe(buffersBefore);
  });
});

// rnnGradients, the tail every RNN backward kernel built from tfjs ops shares: its bad input, and
// its values against a plain float64 computation.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rnnkit/testing';
import { rnnGradients } from './index.js';

const T = 2;
const N = 1;
const I = 2;
const H = 1;

function inputs(): { x: tf.Tensor; h0: tf.Tensor; hs: tf.Tensor; wIh: tf.Tensor } {
  return {
    x: tf.tensor3d([1, 2, 3, 4], [T, N, I]),
    h0: tf.tensor2d([0.5], [N, H]),
    hs: tf.tensor3d([0.25, -0.75], [T, N, H]),
    wIh: tf.tensor2d([0.1, -0.2], [I, H]),
  };
}

describe('rnnGradients', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('names das, the steps expected and what came when a step is missing', () => {
    const das = [tf.tensor2d([1], [N, H])];
    expect(() => rnnGradients(inputs(), das, tf.zeros([N, H]), false)).toThrow('rnnGradients: das must hold one gradient for each of the 2 steps of x, got 1 in an array of 1');
    const holey = new Array<tf.Tensor>(T);
    holey[1] = tf.tensor2d([1], [N, H]);
    expect(() => rnnGradients(inputs(), holey, tf.zeros([N, H]), false)).toThrow('got 1 in an array of 2');
  });

  it('sums the weight and bias gradients over steps, with the previous state in visiting order', async () => {
    const [da0, da1] = [2, -3];
    for (const reverse of [false, true]) {
      const { dx, dh0, dwIh, dwHh, dbias } = rnnGradients(inputs(), [tf.tensor2d([da0], [N, H]), tf.tensor2d([da1], [N, H])], tf.tensor2d([7], [N, H]), reverse);
      // The state each step started from: h0 for the first visited step, else the other step's.
      const [hPrev0, hPrev1] = reverse ? [-0.75, 0.5] : [0.5, 0.25];
      const read = async (t: tf.Tensor | undefined): Promise<number[]> => Array.from(await (t as tf.Tensor).data());
      expect(await read(dx)).toEqual(Array.from(Float32Array.from([da0 * 0.1, da0 * -0.2, da1 * 0.1, da1 * -0.2])));
      expect(await read(dh0)).toEqual([7]);
      expect(await read(dwIh)).toEqual([da0 * 1 + da1 * 3, da0 * 2 + da1 * 4]);
      expect(await read(dwHh)).toEqual([da0 * hPrev0 + da1 * hPrev1]);
      expect(await read(dbias)).toEqual([da0 + da1]);
    }
  });
});

// GRU with `resetAfter: true`, which tf.layers refuses: checked against a float64 loop of Keras'
// equations (forward, masks) and against the same equations in tfjs ops (gradients).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, test } from '@jest/globals';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, useBackend } from '@rnnkit/testing';
import { gru } from '@rnnkit/tfjs-layers';
import { BACKENDS, expectClose } from './helpers.js';

const N = 3;
const T = 5;
const I = 4;
const H = 3;

type Act = (v: number) => number;
const sigmoid: Act = (v) => 1 / (1 + Math.exp(-v));
const hardSigmoid: Act = (v) => Math.min(1, Math.max(0, 0.2 * v + 0.5));

/**
 * Keras' reset-after GRU in float64: gates z, r, h in the columns of kernel (I, 3H) and
 * recurrent (H, 3H); bias (2, 3H) holds the input and the recurrent bias. A masked step keeps
 * the state and outputs it. Returns the outputs (N, T, H) in step order.
 */
function kerasGru(x: number[][][], kernel: number[][], recurrent: number[][], bias: number[][], mask: number[][] | null, act: Act): number[][][] {
  return x.map((seq, n) => {
    let h = new Array<number>(H).fill(0);
    return seq.map((xt, t) => {
      const xw = Array.from({ length: 3 * H }, (_, j) => xt.reduce((s, v, i) => s + v * (kernel[i]?.[j] ?? 0), 0) + (bias[0]?.[j] ?? 0));
      const hu = Array.from({ length: 3 * H }, (_, j) => h.reduce((s, v, i) => s + v * (recurrent[i]?.[j] ?? 0), 0) + (bias[1]?.[j] ?? 0));
      const next = h.map((hv, k) => {
        const z = act((xw[k] ?? 0) + (hu[k] ?? 0));
        const r = act((xw[H + k] ?? 0) + (hu[H + k] ?? 0));
        const cand = Math.tanh((xw[2 * H + k] ?? 0) + r * (hu[2 * H + k] ?? 0));
        return z * hv + (1 - z) * cand;
      });
      if (mask === null || mask[n]?.[t] === 1) h = next;
      return h;
    });
  });
}

/** The same equations in tfjs ops (no mask), gates squashed by `gate`, differentiated by tfjs' tape. */
function kerasGruTf(x: tf.Tensor3D, kernel: tf.Tensor2D, recurrent: tf.Tensor2D, bias: tf.Tensor2D, gate: (a: tf.Tensor) => tf.Tensor): tf.Tensor {
  const [bIn, bRec] = tf.unstack(bias);
  let h: tf.Tensor = tf.zeros([N, H]);
  const outs: tf.Tensor[] = [];
  for (const xt of tf.unstack(x, 1)) {
    const xw = tf.add(tf.matMul(xt, kernel), bIn as tf.Tensor);
    const hu = tf.add(tf.matMul(h as tf.Tensor2D, recurrent), bRec as tf.Tensor);
    const [xz, xr, xh] = tf.split(xw, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const [uz, ur, uh] = tf.split(hu, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const z = gate(tf.add(xz, uz));
    const r = gate(tf.add(xr, ur));
    const cand = tf.tanh(tf.add(xh, tf.mul(r, uh)));
    h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), cand));
    outs.push(h);
  }
  return tf.stack(outs, 1);
}

for (const backend of BACKENDS) {
  describe(`GRU resetAfter: true on ${backend}`, () => {
    beforeAll(async () => {
      await useBackend(backend);
    });

    function setup(config: { recurrentActivation?: 'sigmoid' | 'hardSigmoid'; masked?: boolean }): { model: tf.Sequential; x: tf.Tensor3D; weights: tf.Tensor[]; mask: number[][] | null } {
      const layers: tf.layers.Layer[] = [];
      if (config.masked === true) layers.push(tf.layers.masking({ maskValue: 0, inputShape: [T, I] }));
      layers.push(gru({ units: H, resetAfter: true, returnSequences: true, recurrentActivation: config.recurrentActivation ?? 'sigmoid', ...(config.masked === true ? {} : { inputShape: [T, I] }) }));
      const model = tf.sequential({ layers });
      const weights = model.getWeights().map((w, k) => tf.randomUniform(w.shape, -0.7, 0.7, 'float32', 40 + k));
      model.setWeights(weights);
      const mask = config.masked === true ? [[1, 0, 1, 1, 0], [0, 1, 1, 1, 1], [1, 1, 1, 1, 1]] : null;
      let x = tf.randomNormal([N, T, I], 0, 1, 'float32', 9) as tf.Tensor3D;
      if (mask !== null) x = tf.mul(x, tf.tensor3d(mask.map((row) => row.map((k) => [k])))) as tf.Tensor3D;
      return { model, x, weights, mask };
    }

    test.each([
      ['sigmoid (fused)', 'sigmoid', false],
      ['sigmoid with a mask (fused)', 'sigmoid', true],
      ['hardSigmoid (fused)', 'hardSigmoid', false],
      ['hardSigmoid with a mask (fused)', 'hardSigmoid', true],
    ] as const)('predict matches a float64 loop: %s', (_name, recurrentActivation, masked) => {
      const { model, x, weights, mask } = setup({ recurrentActivation, masked });
      const [kernel, recurrent, bias] = weights.map((w) => w.arraySync()) as [number[][], number[][], number[][]];
      const expected = kerasGru(x.arraySync(), kernel, recurrent, bias, mask, recurrentActivation === 'sigmoid' ? sigmoid : hardSigmoid);
      expectClose(model.predict(x) as tf.Tensor, tf.tensor3d(expected), FORWARD_TOLERANCE, 'predict');
    });

    test.each(['sigmoid', 'hardSigmoid'] as const)('gradients match the same equations differentiated by tfjs: %s', (recurrentActivation) => {
      const { model, x, weights } = setup({ recurrentActivation });
      const gate = (a: tf.Tensor): tf.Tensor => (recurrentActivation === 'sigmoid' ? tf.sigmoid(a) : tf.clipByValue(tf.add(tf.mul(a, 0.2), 0.5), 0, 1));
      const cotangent = tf.randomNormal([N, T, H], 0, 1, 'float32', 4);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, cotangent)), vars);
      const [kernel, recurrent, bias] = weights as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const reference = tf.grads((k: tf.Tensor, u: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(kerasGruTf(x, k as tf.Tensor2D, u as tf.Tensor2D, b as tf.Tensor2D, gate), cotangent)))([kernel, recurrent, bias]);
      vars.forEach((v, k) => expectClose(grads[v.name] as tf.Tensor, reference[k] as tf.Tensor, GRADIENT_TOLERANCE, v.name));
    });
  });
}

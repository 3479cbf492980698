// The reset-before GRU operation against independent references: PyTorch's float64 fixture of the
// same cell (outputs and every gradient), a float64 plain-JS loop of its equations (forward, both
// gate kinds, masks, reverse) and tfjs's autodiff through a naive per-step composition of tfjs ops
// (every gradient). Its bad input and its memory are checked too.
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, compareValues, fixtureToTensor, loadFixture, referenceFixturesDir, tensorCountsOverSteps, useBackend } from '@rnnkit/testing';
import type { Tolerance } from '@rnnkit/testing';
import { expectInputError } from '@rnnkit/testing/jest';
import { gruResetBeforeSequence, gruResetBeforeSequenceOp } from './index.js';
import type { GateActivation, GruResetBeforeSequenceInputs } from './index.js';

const [T, N, I, H] = [5, 3, 4, 6];
/** Sample 0 runs all steps, sample 1 three, sample 2 one. */
const LENGTHS = [5, 3, 1];

function expectClose(label: string, actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: Tolerance): void {
  expect(actual.length).toBe(expected.length);
  const c = compareValues(actual, expected, tolerance);
  if (c.worstRatio > 1) throw new Error(`${label}: index ${c.worstIndex} got ${c.actual}, expected ${c.expected}`);
}

const squash = (kind: GateActivation, a: number): number => (kind === 'sigmoid' ? 1 / (1 + Math.exp(-a)) : Math.min(Math.max(0.2 * a + 0.5, 0), 1));

interface Plain {
  x: Float64Array;
  h0: Float64Array;
  wIh: Float64Array;
  wHh: Float64Array;
  bias: Float64Array;
  mask: Float64Array;
}

/** The equations in float64, one element at a time: y (T, N, H) and h_n (N, H). */
function plainGru(p: Plain, kind: GateActivation, reverse: boolean): { y: Float64Array; h: Float64Array } {
  const G = 3 * H;
  const y = new Float64Array(T * N * H);
  const h = Float64Array.from(p.h0);
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    for (let b = 0; b < N; b++) {
      const hb = h.slice(b * H, (b + 1) * H);
      // Pre-activations of gate column q: the input side, then the recurrent side over `state`.
      const fromInput = (q: number): number => {
        let s = p.bias[q] as number;
        for (let i = 0; i < I; i++) s += (p.x[(t * N + b) * I + i] as number) * (p.wIh[i * G + q] as number);
        return s;
      };
      const fromState = (state: ArrayLike<number>, q: number): number => {
        let s = 0;
        for (let j = 0; j < H; j++) s += (state[j] as number) * (p.wHh[j * G + q] as number);
        return s;
      };
      const r = Array.from({ length: H }, (_, u) => squash(kind, fromInput(u) + fromState(hb, u)));
      const z = Array.from({ length: H }, (_, u) => squash(kind, fromInput(H + u) + fromState(hb, H + u)));
      const reset = hb.map((v, j) => v * (r[j] as number));
      const keep = p.mask[t * N + b] as number;
      for (let u = 0; u < H; u++) {
        const n = Math.tanh(fromInput(2 * H + u) + fromState(reset, 2 * H + u));
        const hNew = (1 - (z[u] as number)) * n + (z[u] as number) * (hb[u] as number);
        y[(t * N + b) * H + u] = keep * hNew;
        if (keep === 1) h[b * H + u] = hNew;
      }
    }
  }
  return { y, h };
}

/** The cell as a per-step composition of tfjs ops, gates sliced from the weights at every step. */
function naiveGru(v: { x: tf.Tensor; h0: tf.Tensor; wIh: tf.Tensor; wHh: tf.Tensor; bias: tf.Tensor }, mask: tf.Tensor, kind: GateActivation, reverse: boolean): { y: tf.Tensor; h: tf.Tensor } {
  const gate = (a: tf.Tensor): tf.Tensor => (kind === 'sigmoid' ? tf.sigmoid(a) : tf.clipByValue(tf.add(tf.mul(a, 0.2), 0.5), 0, 1));
  const column = (w: tf.Tensor, q: number): tf.Tensor2D => tf.slice(w, [0, q * H], [w.shape[0] as number, H]) as tf.Tensor2D;
  const b = (q: number): tf.Tensor => tf.slice(v.bias, [q * H], [H]);
  let h = v.h0;
  const ys: tf.Tensor[] = new Array<tf.Tensor>(T);
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    const xt = tf.reshape(tf.slice(v.x, [t, 0, 0], [1, N, I]), [N, I]) as tf.Tensor2D;
    const keep = tf.reshape(tf.slice(mask, [t, 0, 0], [1, N, 1]), [N, 1]);
    const r = gate(tf.add(tf.add(tf.matMul(xt, column(v.wIh, 0)), b(0)), tf.matMul(h as tf.Tensor2D, column(v.wHh, 0))));
    const z = gate(tf.add(tf.add(tf.matMul(xt, column(v.wIh, 1)), b(1)), tf.matMul(h as tf.Tensor2D, column(v.wHh, 1))));
    const n = tf.tanh(tf.add(tf.add(tf.matMul(xt, column(v.wIh, 2)), b(2)), tf.matMul(tf.mul(r, h) as tf.Tensor2D, column(v.wHh, 2))));
    const hNew = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
    ys[t] = tf.mul(keep, hNew);
    h = tf.add(tf.mul(keep, hNew), tf.mul(tf.sub(1, keep), h));
  }
  return { y: tf.stack(ys), h };
}

let seed = 7;
const normal = (shape: number[], scale = 0.6): tf.Tensor => tf.randomNormal(shape, 0, scale, 'float32', seed++);

function maskOf(masked: boolean): tf.Tensor3D {
  const values = Array.from({ length: T * N }, (_, k) => (!masked || Math.floor(k / N) < (LENGTHS[k % N] as number) ? 1 : 0));
  return tf.tensor3d(values, [T, N, 1]);
}

describe('gruResetBeforeSequence', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it("gives PyTorch's float64 outputs and gradients of the reset-before GRU", () => {
    const f = loadFixture(path.join(referenceFixturesDir(), 'cells', 'gru_reset_before.json'));
    const get = (name: string): tf.Tensor => {
      const tensor = f.tensors[name];
      if (tensor === undefined) throw new Error(`fixture lacks ${name}`);
      return fixtureToTensor(tensor);
    };
    tf.tidy(() => {
      const [steps = 0, batch = 0] = get('input.x').shape;
      const mask = tf.ones([steps, batch, 1]) as tf.Tensor3D;
      // PyTorch stores (3H, I) and (3H, H) with gates r, z, n: the operation takes them transposed.
      const params = [get('input.x'), get('input.h0'), tf.transpose(get('param.weight_ih')), tf.transpose(get('param.weight_hh')), get('param.bias')];
      const loss = (x: tf.Tensor, h0: tf.Tensor, wIh: tf.Tensor, wHh: tf.Tensor, bias: tf.Tensor): tf.Scalar => {
        const out = gruResetBeforeSequence({ x, h0, wIh, wHh, bias, mask } as GruResetBeforeSequenceInputs, { reverse: false, masked: false });
        return tf.add(tf.sum(tf.mul(out.output, get('cotangent.output'))), tf.sum(tf.mul(out.h, get('cotangent.h_n'))));
      };
      const out = gruResetBeforeSequence({ x: params[0], h0: params[1], wIh: params[2], wHh: params[3], bias: params[4], mask } as GruResetBeforeSequenceInputs, { reverse: false, masked: false });
      expectClose('output', out.output.dataSync(), f.tensors['output.output']?.data ?? [], FORWARD_TOLERANCE);
      expectClose('h_n', out.h.dataSync(), f.tensors['output.h_n']?.data ?? [], FORWARD_TOLERANCE);
      const grads = tf.grads(loss)(params);
      const names = ['grad.x', 'grad.h0', 'grad.weight_ih', 'grad.weight_hh', 'grad.bias'];
      grads.forEach((g, k) => {
        const name = names[k] as string;
        // The weight gradients come out in the operation's (I, 3H) layout.
        const got = name.startsWith('grad.weight') ? tf.transpose(g) : g;
        expectClose(name, got.dataSync(), f.tensors[name]?.data ?? [], GRADIENT_TOLERANCE);
      });
    });
  });

  for (const kind of ['sigmoid', 'hardSigmoid'] as const) {
    for (const [reverse, masked] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      it(`${kind}${reverse ? ', reverse' : ''}${masked ? ', masked' : ''}: the float64 loop's outputs, autodiff's gradients of a naive composition`, () => {
        tf.tidy(() => {
          const mask = maskOf(masked);
          // Wide inputs for the hard sigmoid, so that both its clipped and its linear pieces are reached.
          const x = normal([T, N, I], kind === 'hardSigmoid' ? 4 : 1);
          const h0 = normal([N, H]);
          const wIh = normal([I, 3 * H]);
          const wHh = normal([H, 3 * H]);
          const bias = normal([3 * H]);
          const options = { reverse, masked, gateActivation: kind };
          const out = gruResetBeforeSequence({ x, h0, wIh, wHh, bias, mask } as GruResetBeforeSequenceInputs, options);
          const f64 = (t: tf.Tensor): Float64Array => Float64Array.from(t.dataSync());
          const plain = plainGru({ x: f64(x), h0: f64(h0), wIh: f64(wIh), wHh: f64(wHh), bias: f64(bias), mask: f64(mask) }, kind, reverse);
          expectClose('output', out.output.dataSync(), plain.y, FORWARD_TOLERANCE);
          expectClose('h', out.h.dataSync(), plain.h, FORWARD_TOLERANCE);
          if (kind === 'hardSigmoid') {
            const { gates } = gruResetBeforeSequenceOp.portable({ x, h0, wIh, wHh, bias, mask }, { ...options, workspace: true });
            const rz = Array.from(tf.slice(gates, [0, 0, 0], [T, N, 2 * H]).dataSync());
            expect(rz.some((v) => v === 0 || v === 1)).toBe(true);
            expect(rz.some((v) => v > 0 && v < 1)).toBe(true);
          }
          if (masked) {
            // Past each sample's length the output is exactly 0.
            const y = out.output.arraySync();
            y.forEach((step, t) => step.forEach((values, b) => t >= (LENGTHS[b] as number) && values.forEach((v) => expect(Math.abs(v)).toBe(0))));
          }
          const cy = normal([T, N, H], 1);
          const ch = normal([N, H], 1);
          const scalar = (run: (v: { x: tf.Tensor; h0: tf.Tensor; wIh: tf.Tensor; wHh: tf.Tensor; bias: tf.Tensor }) => { y: tf.Tensor; h: tf.Tensor }) =>
            (xs: tf.Tensor, h0s: tf.Tensor, wIhs: tf.Tensor, wHhs: tf.Tensor, biases: tf.Tensor): tf.Scalar => {
              const r = run({ x: xs, h0: h0s, wIh: wIhs, wHh: wHhs, bias: biases });
              return tf.add(tf.sum(tf.mul(r.y, cy)), tf.sum(tf.mul(r.h, ch)));
            };
          const fused = scalar((v) => {
            const o = gruResetBeforeSequence({ ...v, mask } as GruResetBeforeSequenceInputs, options);
            return { y: o.output, h: o.h };
          });
          const naive = scalar((v) => naiveGru(v, mask, kind, reverse));
          const got = tf.grads(fused)([x, h0, wIh, wHh, bias]);
          const expected = tf.grads(naive)([x, h0, wIh, wHh, bias]);
          ['dx', 'dh0', 'dwIh', 'dwHh', 'dbias'].forEach((name, k) => {
            expect(got[k]?.shape).toEqual(expected[k]?.shape);
            expectClose(name, got[k]?.dataSync() ?? [], expected[k]?.dataSync() ?? [], GRADIENT_TOLERANCE);
          });
        });
      });
    }
  }

  it('the gate activation defaults to the logistic', () => {
    tf.tidy(() => {
      const inputs = { x: normal([T, N, I]), h0: normal([N, H]), wIh: normal([I, 3 * H]), wHh: normal([H, 3 * H]), bias: normal([3 * H]), mask: maskOf(false) } as GruResetBeforeSequenceInputs;
      const f64 = (t: tf.Tensor): Float64Array => Float64Array.from(t.dataSync());
      const plain = plainGru({ x: f64(inputs.x), h0: f64(inputs.h0), wIh: f64(inputs.wIh), wHh: f64(inputs.wHh), bias: f64(inputs.bias), mask: f64(inputs.mask) }, 'sigmoid', false);
      expectClose('output', gruResetBeforeSequence(inputs, { reverse: false, masked: false }).output.dataSync(), plain.y, FORWARD_TOLERANCE);
    });
  });

  it('refuses an unknown gate activation, naming it', () => {
    tf.tidy(() => {
      const inputs = { x: normal([T, N, I]), h0: normal([N, H]), wIh: normal([I, 3 * H]), wHh: normal([H, 3 * H]), bias: normal([3 * H]), mask: maskOf(false) } as GruResetBeforeSequenceInputs;
      expectInputError(() => gruResetBeforeSequence(inputs, { reverse: false, masked: false, gateActivation: 'tanh' as never }), 'gruResetBeforeSequence', 'gateActivation', /"sigmoid", "hardSigmoid".*"tanh"/);
    });
  });

  it('training steps leak no tensors', async () => {
    const vars = [normal([I, 3 * H]), normal([H, 3 * H]), normal([3 * H])].map((t) => tf.variable(t));
    const [x, h0, mask] = [normal([T, N, I]), normal([N, H]), maskOf(true)];
    const optimizer = tf.train.sgd(0.1);
    const step = (): void => {
      optimizer.minimize(() => {
        const [wIh, wHh, bias] = vars as [tf.Variable, tf.Variable, tf.Variable];
        const out = gruResetBeforeSequence({ x, h0, wIh, wHh, bias, mask } as GruResetBeforeSequenceInputs, { reverse: true, masked: true, gateActivation: 'hardSigmoid' });
        return tf.mean(tf.square(out.output));
      });
    };
    const { afterSecond, afterLast } = await tensorCountsOverSteps(step, 6);
    expect(afterLast).toBe(afterSecond);
    tf.dispose([...vars, x, h0, mask]);
    optimizer.dispose();
  });
});

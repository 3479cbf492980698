// Cell options without a reference fixture, checked against a float64 plain-JS step; parameter
// specs; and constructor and step errors.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { initParams, seededRandom } from '@rnnkit/core';
import { FORWARD_TOLERANCE, compareValues, useBackend } from '@rnnkit/testing';
import { gruCell } from './gru_cell.js';
import { jordanCell } from './jordan_cell.js';
import { lstmCell } from './lstm_cell.js';
import { mguCell } from './mgu_cell.js';
import { rnnCell } from './rnn_cell.js';
import { sruCell } from './sru_cell.js';

beforeAll(async () => {
  await useBackend('cpu');
});

type Matrix = number[][];
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** Rows `[k*H, (k+1)*H)` of a PyTorch weight applied to a vector: `W_k v`. */
function gateProduct(w: Matrix, k: number, hidden: number, v: number[]): number[] {
  return Array.from({ length: hidden }, (_, j) => (w[k * hidden + j] as number[]).reduce((s, wij, i) => s + wij * (v[i] as number), 0));
}

/** One LSTM step in float64 from the equations, for one sample. */
function lstmStepReference(
  p: Record<string, number[] | Matrix>,
  x: number[],
  h: number[],
  c: number[],
  opts: { hidden: number; peephole: boolean; coupled: boolean; proj: boolean },
): { h: number[]; c: number[] } {
  const H = opts.hidden;
  const slots = opts.coupled ? { i: 0, g: 1, o: 2 } : { i: 0, f: 1, g: 2, o: 3 };
  const bias = (p['bias'] ?? []) as number[];
  const pre = (k: number) => {
    const a = gateProduct(p['weight_ih'] as Matrix, k, H, x);
    const b = gateProduct(p['weight_hh'] as Matrix, k, H, h);
    return a.map((v, j) => v + (b[j] as number) + (bias[k * H + j] ?? 0));
  };
  const peep = (name: string, state: number[], j: number) => (opts.peephole ? ((p[`peephole_${name}`] as number[])[j] as number) * (state[j] as number) : 0);
  const ai = pre(slots.i);
  const ag = pre(slots.g);
  const ao = pre(slots.o);
  const af = opts.coupled ? [] : pre(slots.f ?? 1);
  const i = ai.map((v, j) => sigmoid(v + peep('i', c, j)));
  const f = opts.coupled ? i.map((v) => 1 - v) : af.map((v, j) => sigmoid(v + peep('f', c, j)));
  const g = ag.map(Math.tanh);
  const cNext = c.map((cj, j) => (f[j] as number) * cj + (i[j] as number) * (g[j] as number));
  const o = ao.map((v, j) => sigmoid(v + peep('o', cNext, j)));
  const r = cNext.map((cj, j) => (o[j] as number) * Math.tanh(cj));
  const hNext = opts.proj ? (p['weight_hr'] as Matrix).map((row) => row.reduce((s, w, j) => s + w * (r[j] as number), 0)) : r;
  return { h: hNext, c: cNext };
}

describe('lstmCell option combinations without a fixture match a float64 step', () => {
  it.each([
    [{ peephole: true, coupled: true, proj: false }],
    [{ peephole: true, coupled: false, proj: true }],
    [{ peephole: false, coupled: true, proj: true }],
    [{ peephole: true, coupled: true, proj: true }],
  ])('%j', (opts) => {
    const H = 5;
    const P = opts.proj ? 3 : H;
    const cell = lstmCell({ inputSize: 4, hiddenSize: H, peephole: opts.peephole, coupled: opts.coupled, projSize: opts.proj ? P : 0 });
    const params = initParams(cell.paramSpec, seededRandom(21));
    const x = tf.randomNormal([2, 4], 0, 1, 'float32', 1) as tf.Tensor2D;
    const h = tf.randomNormal([2, P], 0, 1, 'float32', 2) as tf.Tensor2D;
    const c = tf.randomNormal([2, H], 0, 1, 'float32', 3) as tf.Tensor2D;
    const next = cell.step(params, x, { h, c }).state;
    const plain = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.arraySync() as number[] | Matrix]));
    const xs = x.arraySync();
    const hs = h.arraySync();
    const cs = c.arraySync();
    for (let n = 0; n < 2; n++) {
      const ref = lstmStepReference(plain, xs[n] as number[], hs[n] as number[], cs[n] as number[], { hidden: H, ...opts });
      const gotH = (next['h'] as tf.Tensor2D).arraySync()[n] as number[];
      const gotC = (next['c'] as tf.Tensor2D).arraySync()[n] as number[];
      expect(compareValues(gotH, ref.h, FORWARD_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
      expect(compareValues(gotC, ref.c, FORWARD_TOLERANCE).worstRatio).toBeLessThanOrEqual(1);
    }
    expect(cell.sequence).toBeUndefined();
    tf.dispose([...Object.values(params), x, h, c, ...Object.values(next)]);
  });
});

describe('parameter specs', () => {
  it('use the names and shapes of PyTorch or the cell equations', () => {
    const shapes = (spec: Record<string, { shape: readonly number[] }>) => Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, v.shape]));
    expect(shapes(lstmCell({ inputSize: 3, hiddenSize: 4 }).paramSpec)).toEqual({ weight_ih: [16, 3], weight_hh: [16, 4], bias_ih: [16], bias_hh: [16] });
    expect(shapes(lstmCell({ inputSize: 3, hiddenSize: 4, coupled: true, peephole: true }).paramSpec)).toEqual({
      weight_ih: [12, 3], weight_hh: [12, 4], bias: [12], peephole_i: [4], peephole_o: [4],
    });
    expect(shapes(gruCell({ inputSize: 3, hiddenSize: 4, resetAfter: false }).paramSpec)).toEqual({ weight_ih: [12, 3], weight_hh: [12, 4], bias: [12] });
    expect(shapes(jordanCell({ inputSize: 3, hiddenSize: 4, outputSize: 2 }).paramSpec)).toEqual({
      weight_ih: [4, 3], weight_hy: [4, 2], bias_h: [4], weight_out: [2, 4], bias_out: [2],
    });
    expect(jordanCell({ inputSize: 3, hiddenSize: 4, outputSize: 2 }).stateSizes).toEqual({ y: 2 });
    expect(sruCell({ inputSize: 4, hiddenSize: 4 }).stateSizes).toEqual({ c: 4 });
    expect(lstmCell({ inputSize: 3, hiddenSize: 6, projSize: 2 }).stateSizes).toEqual({ h: 2, c: 6 });
  });
});

describe('bad input', () => {
  it.each([
    [() => lstmCell({ inputSize: 3, hiddenSize: 4, projSize: 5 }), 'lstmCell: projSize must be smaller than hiddenSize (4), got 5'],
    [() => lstmCell({ inputSize: 0, hiddenSize: 4 }), 'lstmCell: inputSize must be an integer >= 1, got 0'],
    [() => lstmCell({ inputSize: 3, hiddenSize: 4, peepholes: true } as never), 'lstmCell: unknown option "peepholes" in options'],
    [() => rnnCell({ inputSize: 3, hiddenSize: 4, nonlinearity: 'sigmoid' as never }), 'rnnCell: nonlinearity must be one of "tanh", "relu", got "sigmoid"'],
    [() => gruCell({ inputSize: 3, hiddenSize: 4, resetAfter: 'yes' as never }), 'gruCell: resetAfter must be a boolean, got "yes"'],
    [() => sruCell({ inputSize: 3, hiddenSize: 4 }), 'sruCell: hiddenSize must equal inputSize (3) for the highway connection, got 4'],
    [() => mguCell({ inputSize: 3, hiddenSize: 2.5 }), 'mguCell: hiddenSize must be an integer >= 1, got 2.5'],
    [() => jordanCell({ inputSize: 3, hiddenSize: 4 } as never), 'jordanCell: outputSize must be an integer >= 1, got undefined'],
  ])('%#: constructor', (make, message) => {
    expect(make).toThrow(message);
  });

  it('step checks x, state and params', () => {
    const cell = lstmCell({ inputSize: 3, hiddenSize: 4 });
    const params = initParams(cell.paramSpec, seededRandom(0));
    const h = tf.zeros([2, 4]) as tf.Tensor2D;
    const c = tf.zeros([2, 4]) as tf.Tensor2D;
    expect(() => cell.step(params, tf.zeros([2, 5]) as tf.Tensor2D, { h, c })).toThrow('lstmCell.step: x must have shape [*, 3] (N, inputSize), got shape [2, 5]');
    expect(() => cell.step(params, tf.zeros([2, 3]) as tf.Tensor2D, { h })).toThrow('lstmCell.step: state.c must be a tensor, got undefined');
    const { bias_hh: _dropped, ...missing } = params;
    expect(() => cell.step(missing, tf.zeros([2, 3]) as tf.Tensor2D, { h, c })).toThrow('lstmCell.step: params.bias_hh is missing; expected weight_ih, weight_hh, bias_ih, bias_hh');
    expect(() => cell.step({ ...params, bias: tf.zeros([16]) }, tf.zeros([2, 3]) as tf.Tensor2D, { h, c })).toThrow('lstmCell.step: params.bias is not a parameter here; expected weight_ih, weight_hh, bias_ih, bias_hh');
    expect(() => cell.prepare?.(missing)).toThrow('lstmCell.prepare: params.bias_hh is missing');
    tf.dispose([...Object.values(params), h, c]);
  });
});

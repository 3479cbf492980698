// lstmSequence (plain and projected) and gruSequence with Keras' hard sigmoid gates against a
// plain float64 loop of the same equations: the outputs, and the gradients of a weighted sum of
// the outputs against central finite differences of that loop. The inputs are wide enough that
// many gates clip (slope 0) and many do not (slope 0.2).
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, compareValues } from '@rnnkit/testing';
import type { Tolerance } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { gruSequence, lstmSequence } from './index.js';

const T = 4;
const N = 3;
const I = 3;
const H = 3;
const P = 2;
/** Each sample's length: the masked cases hold the state past it. */
const LENGTHS = [4, 2, 1];

/** A float64 array and its shape; the values are float32-representable, so tensors hold them exactly. */
interface Array64 {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

let state = 12345;
/** Uniform in [-scale, scale), from a fixed linear congruential sequence, rounded to float32. */
function random(shape: number[], scale: number): Array64 {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    data[k] = Math.fround((state / 2147483648 - 0.5) * 2 * scale);
  }
  return { shape, data };
}

function maskOf(masked: boolean): Array64 {
  const data = new Float64Array(T * N);
  for (let t = 0; t < T; t++) for (let n = 0; n < N; n++) data[t * N + n] = !masked || t < (LENGTHS[n] as number) ? 1 : 0;
  return { shape: [T, N, 1], data };
}

const hardSigmoid = (a: number): number => Math.min(Math.max(0.2 * a + 0.5, 0), 1);

/** `v (rows, k) @ w (k, cols)` plus `bias` (cols), row `row` of v starting at `vOffset`. */
function affineRow(v: Float64Array, vOffset: number, w: Array64, bias: Float64Array | undefined): Float64Array {
  const [k = 0, cols = 0] = w.shape;
  const out = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let s = bias === undefined ? 0 : (bias[j] as number);
    for (let q = 0; q < k; q++) s += (v[vOffset + q] as number) * (w.data[q * cols + j] as number);
    out[j] = s;
  }
  return out;
}

/** Step indices in visiting order. */
const visits = (reverse: boolean): number[] => Array.from({ length: T }, (_, k) => (reverse ? T - 1 - k : k));

/** What the reference loops return: every output flattened, in the op's order. */
type Outputs64 = Float64Array[];

/** The LSTM (PyTorch's gate order i, f, g, o; `h = W_hr (o tanh c)` with a projection) in float64. */
function lstmReference(v: Readonly<Record<string, Array64>>, reverse: boolean): Outputs64 {
  const { x, h0, c0, wIh, wHh, bias, mask, wHr } = v as Record<string, Array64>;
  const p = wHr === undefined ? H : P;
  const y = new Float64Array(T * N * p);
  const h = Float64Array.from((h0 as Array64).data);
  const c = Float64Array.from((c0 as Array64).data);
  for (const t of visits(reverse)) {
    for (let n = 0; n < N; n++) {
      const a = affineRow((x as Array64).data, (t * N + n) * I, wIh as Array64, (bias as Array64).data);
      const ah = affineRow(h, n * p, wHh as Array64, undefined);
      const gate = (q: number, j: number): number => (a[q * H + j] as number) + (ah[q * H + j] as number);
      const r = new Float64Array(H);
      const cNew = new Float64Array(H);
      for (let j = 0; j < H; j++) {
        const cell = hardSigmoid(gate(1, j)) * (c[n * H + j] as number) + hardSigmoid(gate(0, j)) * Math.tanh(gate(2, j));
        cNew[j] = cell;
        r[j] = hardSigmoid(gate(3, j)) * Math.tanh(cell);
      }
      const hNew = wHr === undefined ? r : affineRow(r, 0, wHr, undefined);
      if ((mask as Array64).data[t * N + n] === 0) continue;
      for (let j = 0; j < H; j++) c[n * H + j] = cNew[j] as number;
      for (let j = 0; j < p; j++) {
        h[n * p + j] = hNew[j] as number;
        y[(t * N + n) * p + j] = hNew[j] as number;
      }
    }
  }
  return [y, h, c];
}

/** The GRU (reset after: `n = tanh(W_in x + b_in + r (W_hn h + b_hn))`, `h' = n + z (h - n)`) in float64. */
function gruReference(v: Readonly<Record<string, Array64>>, reverse: boolean): Outputs64 {
  const { x, h0, wIh, wHh, bIh, bHh, mask } = v as Record<string, Array64>;
  const y = new Float64Array(T * N * H);
  const h = Float64Array.from((h0 as Array64).data);
  for (const t of visits(reverse)) {
    for (let n = 0; n < N; n++) {
      if ((mask as Array64).data[t * N + n] === 0) continue;
      const a = affineRow((x as Array64).data, (t * N + n) * I, wIh as Array64, (bIh as Array64).data);
      const ah = affineRow(h, n * H, wHh as Array64, (bHh as Array64).data);
      for (let j = 0; j < H; j++) {
        const r = hardSigmoid((a[j] as number) + (ah[j] as number));
        const z = hardSigmoid((a[H + j] as number) + (ah[H + j] as number));
        const cand = Math.tanh((a[2 * H + j] as number) + r * (ah[2 * H + j] as number));
        const hNew = cand + z * ((h[n * H + j] as number) - cand);
        h[n * H + j] = hNew;
        y[(t * N + n) * H + j] = hNew;
      }
    }
  }
  return [y, h];
}

interface GatedCase {
  readonly name: string;
  /** The inputs by name, the mask last; x is the widest, so that gates reach both parts of the hard sigmoid. */
  readonly inputs: (masked: boolean) => Record<string, Array64>;
  readonly reference: (v: Readonly<Record<string, Array64>>, reverse: boolean) => Outputs64;
  /** The op under test, returning its outputs in the reference's order. */
  readonly run: (t: Readonly<Record<string, tf.Tensor>>, reverse: boolean, masked: boolean) => tf.Tensor[];
}

const lstmInputs = (projected: boolean) => (masked: boolean): Record<string, Array64> => {
  const p = projected ? P : H;
  return {
    x: random([T, N, I], 3),
    h0: random([N, p], 0.8),
    c0: random([N, H], 0.8),
    wIh: random([I, 4 * H], 1),
    wHh: random([p, 4 * H], 1),
    bias: random([4 * H], 0.5),
    ...(projected ? { wHr: random([H, P], 1) } : {}),
    mask: maskOf(masked),
  };
};

const runLstm = (t: Readonly<Record<string, tf.Tensor>>, reverse: boolean, masked: boolean): tf.Tensor[] => {
  const { output, h, c } = lstmSequence(t as never, { reverse, masked, gateActivation: 'hardSigmoid' });
  return [output, h, c];
};

const CASES: GatedCase[] = [
  { name: 'lstm', inputs: lstmInputs(false), reference: lstmReference, run: runLstm },
  { name: 'lstm with projection', inputs: lstmInputs(true), reference: lstmReference, run: runLstm },
  {
    name: 'gru',
    inputs: (masked) => ({
      x: random([T, N, I], 3),
      h0: random([N, H], 0.8),
      wIh: random([I, 3 * H], 1),
      wHh: random([H, 3 * H], 1),
      bIh: random([3 * H], 0.5),
      bHh: random([3 * H], 0.5),
      mask: maskOf(masked),
    }),
    reference: gruReference,
    run: (t, reverse, masked) => {
      const { output, h } = gruSequence(t as never, { reverse, masked, gateActivation: 'hardSigmoid' });
      return [output, h];
    },
  },
];

/** The scalar whose gradient is compared: the sum of each output times fixed weights. */
function weightedSum(outputs: ArrayLike<number>[], weights: Array64[]): number {
  let s = 0;
  outputs.forEach((o, k) => {
    const w = (weights[k] as Array64).data;
    for (let q = 0; q < o.length; q++) s += (o[q] as number) * (w[q] as number);
  });
  return s;
}

/** d weightedSum / d input, by central differences of the float64 loop. */
function finiteDifferences(c: GatedCase, values: Record<string, Array64>, name: string, weights: Array64[], reverse: boolean): Float64Array {
  const target = values[name] as Array64;
  const grad = new Float64Array(target.data.length);
  const eps = 1e-6;
  for (let k = 0; k < grad.length; k++) {
    const saved = target.data[k] as number;
    target.data[k] = saved + eps;
    const up = weightedSum(c.reference(values, reverse), weights);
    target.data[k] = saved - eps;
    const down = weightedSum(c.reference(values, reverse), weights);
    target.data[k] = saved;
    grad[k] = (up - down) / (2 * eps);
  }
  return grad;
}

function expectClose(label: string, actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: Tolerance): void {
  const c = compareValues(actual, expected, tolerance);
  if (c.worstRatio > 1) throw new Error(`${label}: index ${c.worstIndex} got ${c.actual}, expected ${c.expected}`);
}

/** How many pre-activations of the reference's gates fall in the hard sigmoid's clipped and linear parts. */
function clippedAndLinear(values: Readonly<Record<string, Array64>>): { clipped: number; linear: number } {
  // The input projection alone tells whether the inputs reach both parts: x is the widest term.
  const x = values['x'] as Array64;
  const wIh = values['wIh'] as Array64;
  let clipped = 0;
  let linear = 0;
  for (let row = 0; row < T * N; row++) {
    for (const a of affineRow(x.data, row * I, wIh, undefined)) {
      if (Math.abs(a) > 2.5) clipped++;
      else linear++;
    }
  }
  return { clipped, linear };
}

describeWithBackends(['cpu', 'wasm'], 'gated sequence ops with hard sigmoid gates against a float64 loop', () => {
  for (const c of CASES) {
    for (const [reverse, masked] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      it(`${c.name}${reverse ? ', reverse' : ''}${masked ? ', masked' : ''}: outputs and gradients`, () => {
        const values = c.inputs(masked);
        const { clipped, linear } = clippedAndLinear(values);
        expect(clipped).toBeGreaterThan(5);
        expect(linear).toBeGreaterThan(5);
        const expected = c.reference(values, reverse);
        const weights = expected.map((o) => random([o.length], 1));
        const before = tf.memory().numTensors;
        const names = Object.keys(values).filter((name) => name !== 'mask');
        const { outputs, grads } = tf.tidy(() => {
          const tensors: Record<string, tf.Tensor> = {};
          for (const [name, v] of Object.entries(values)) tensors[name] = tf.tensor(Float32Array.from(v.data), [...v.shape]);
          const outs = c.run(tensors, reverse, masked).map((o) => o.dataSync());
          const loss = (...given: tf.Tensor[]): tf.Scalar => {
            const all = { ...tensors };
            names.forEach((name, k) => {
              all[name] = given[k] as tf.Tensor;
            });
            const results = c.run(all, reverse, masked);
            return tf.addN(results.map((o, k) => tf.sum(tf.mul(o, tf.tensor(Float32Array.from((weights[k] as Array64).data), o.shape))))) as tf.Scalar;
          };
          const g = tf.grads(loss)(names.map((name) => tensors[name] as tf.Tensor)).map((t) => t.dataSync());
          return { outputs: outs, grads: g };
        });
        expect(tf.memory().numTensors).toBe(before);
        outputs.forEach((o, k) => expectClose(`${c.name} output ${k}`, o, expected[k] as Float64Array, FORWARD_TOLERANCE));
        names.forEach((name, k) => {
          const fd = finiteDifferences(c, values, name, weights, reverse);
          expectClose(`${c.name} d${name}`, grads[k] as Float32Array, fd, GRADIENT_TOLERANCE);
        });
      });
    }
  }

  it('the gate activation defaults to the logistic and is checked', () => {
    const values = lstmInputs(false)(false);
    tf.tidy(() => {
      const tensors: Record<string, tf.Tensor> = {};
      for (const [name, v] of Object.entries(values)) tensors[name] = tf.tensor(Float32Array.from(v.data), [...v.shape]);
      const plain = lstmSequence(tensors as never, { reverse: false, masked: false });
      const sigmoid = lstmSequence(tensors as never, { reverse: false, masked: false, gateActivation: 'sigmoid' });
      const hard = lstmSequence(tensors as never, { reverse: false, masked: false, gateActivation: 'hardSigmoid' });
      expect(Array.from(plain.output.dataSync())).toEqual(Array.from(sigmoid.output.dataSync()));
      expect(Array.from(plain.output.dataSync())).not.toEqual(Array.from(hard.output.dataSync()));
      expect(() => lstmSequence(tensors as never, { reverse: false, masked: false, gateActivation: 'relu' } as never)).toThrow(
        'lstmSequence: gateActivation must be one of "sigmoid", "hardSigmoid", got "relu"',
      );
    });
  });
});

// The LSTM sequence operation and its backward pass as loops over typed arrays: per step one
// backend matmul, then the whole gate arithmetic of the step in a single pass.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelMemory } from './kernel_memory.js';
import { reshaped } from './kernel_memory.js';
import { bufferOf, inputGrad, keepFlags, need, stackedWeightGrads, visitOrder, wantsWorkspace, weightGrad, writeTransposed } from './kernel_helpers.js';

type Inputs = Record<string, TensorInfo | undefined>;

/**
 * `[W_hh; W_ih]` as one (P + I, 4H) matrix and `bias` beside it, with the candidate's columns
 * doubled: each step is then one product of `[h | x_t]`, whose candidate pre-activation comes out
 * doubled for tanh(v) = 2 sigmoid(2v) - 1, and no pass over the pre-activations is needed.
 */
function stepWeights(memory: KernelMemory, wHh: TensorInfo, wIh: TensorInfo, bias: TensorInfo): { weights: TensorInfo; shift: TensorInfo } {
  const P = wHh.shape[0] ?? 0;
  const [I = 0, G = 0] = wIh.shape;
  const H = G / 4;
  const weights = memory.alloc([P + I, G]);
  const shift = bufferOf(memory, [G], memory.view(bias));
  const W = memory.view(weights);
  W.set(memory.view(wHh), 0);
  W.set(memory.view(wIh), P * G);
  for (let row = 0; row < P + I; row++) {
    for (let q = row * G + 2 * H; q < row * G + 3 * H; q++) W[q] = 2 * (W[q] as number);
  }
  const B = memory.view(shift);
  for (let q = 2 * H; q < 3 * H; q++) B[q] = 2 * (B[q] as number);
  return { weights, shift };
}

/**
 * Outputs y, h_n, c_n, gates and cs, as the portable operation; the hidden state is kept for
 * one step only (the backward pass rebuilds the others). Without a gradient tape the gates and
 * cs outputs are empty and never written.
 */
export function lstmForward(memory: KernelMemory, inputs: Inputs, attrs: NamedAttrMap): TensorInfo[] {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const c0 = need(inputs, 'c0');
  const wHr = inputs['wHr'];
  const [T = 0, N = 0, I = 0] = x.shape;
  const G = need(inputs, 'wIh').shape[1] ?? 0;
  const H = G / 4;
  const P = h0.shape[1] ?? 0;
  const K = P + I;
  const order = visitOrder(T, attrs);
  const keep = keepFlags(memory, need(inputs, 'mask'), attrs);
  const recording = wantsWorkspace(attrs);
  const { weights, shift } = stepWeights(memory, need(inputs, 'wHh'), need(inputs, 'wIh'), need(inputs, 'bias'));
  const y = memory.alloc([T, N, P]);
  const gates = memory.alloc(recording ? [T, N, G] : [0]);
  const cs = memory.alloc(recording ? [T, N, H] : [0]);
  // Each row holds the carried hidden state, then the step's input: the operand of the step's
  // product, which the step overwrites once the product is taken.
  const hx = memory.alloc([N, K]);
  const HX0 = memory.view(hx);
  const H0 = memory.view(h0);
  for (let n = 0; n < N; n++) HX0.set(H0.subarray(n * P, (n + 1) * P), n * K);
  const cCur = bufferOf(memory, [N, H], memory.view(c0));
  const r = wHr === undefined ? undefined : memory.alloc([N, H]);
  // Twice the new cell state, squashed by the backend's vectorised sigmoid as well.
  const cTwice = memory.alloc([N, H]);
  for (const t of order) {
    const HXt = memory.view(hx);
    const X = memory.view(x);
    for (let n = 0; n < N; n++) HXt.set(X.subarray((t * N + n) * I, (t * N + n + 1) * I), n * K + P);
    const pre = memory.affine(hx, weights, shift);
    const squashed = memory.sigmoid(pre);
    memory.free(pre);
    // Views are taken after each allocation: an allocation may move the wasm heap.
    const S = memory.view(squashed);
    const C = memory.view(cCur);
    const C2 = memory.view(cTwice);
    const GT = memory.view(gates);
    const CS = memory.view(cs);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      const so = n * G;
      const co = n * H;
      for (let j = 0; j < H; j++) {
        const i = S[so + j] as number;
        const f = S[so + H + j] as number;
        const g = 2 * (S[so + 2 * H + j] as number) - 1;
        const cp = C[co + j] as number;
        const cNew = f * cp + i * g;
        C2[co + j] = 2 * cNew;
        if (k === 1) C[co + j] = cNew;
      }
      if (recording) {
        const go = (t * N + n) * G;
        const to = (t * N + n) * H;
        for (let j = 0; j < H; j++) {
          GT[go + j] = S[so + j] as number;
          GT[go + H + j] = S[so + H + j] as number;
          GT[go + 2 * H + j] = 2 * (S[so + 2 * H + j] as number) - 1;
          GT[go + 3 * H + j] = S[so + 3 * H + j] as number;
          CS[to + j] = C[co + j] as number;
        }
      }
    }
    const squashedC = memory.sigmoid(cTwice);
    const SC = memory.view(squashedC);
    const So = memory.view(squashed);
    const HX = memory.view(hx);
    const Y = memory.view(y);
    const R = r === undefined ? undefined : memory.view(r);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      const so = n * G + 3 * H;
      const co = n * H;
      const to = (t * N + n) * H;
      for (let j = 0; j < H; j++) {
        const out = (So[so + j] as number) * (2 * (SC[co + j] as number) - 1);
        if (R !== undefined) {
          R[co + j] = out;
        } else {
          if (k === 1) HX[n * K + j] = out;
          Y[to + j] = k === 1 ? out : 0;
        }
      }
    }
    memory.free(squashedC);
    memory.free(squashed);
    if (r !== undefined && wHr !== undefined) {
      const projected = memory.matMul(r, wHr);
      const HP = memory.view(projected);
      const HXp = memory.view(hx);
      const Yp = memory.view(y);
      for (let n = 0; n < N; n++) {
        const k = keep === null ? 1 : (keep[t * N + n] as number);
        for (let p = 0; p < P; p++) {
          const at = (t * N + n) * P + p;
          if (k === 1) HXp[n * K + p] = HP[n * P + p] as number;
          Yp[at] = k === 1 ? (HP[n * P + p] as number) : 0;
        }
      }
      memory.free(projected);
    }
  }
  const hN = memory.alloc([N, P]);
  const HN = memory.view(hN);
  const HXn = memory.view(hx);
  for (let n = 0; n < N; n++) HN.set(HXn.subarray(n * K, n * K + P), n * P);
  memory.free(hx);
  memory.free(cTwice);
  memory.free(weights);
  memory.free(shift);
  if (r !== undefined) memory.free(r);
  return [y, hN, cCur, gates, cs];
}

/**
 * `[h_prev | x]` of every step, transposed: (P + I, T * N), the operand of the stacked weight
 * gradient. The previous hidden states are rebuilt along the visiting order from each step's new
 * state (`hNewAt`), held where a sample's length has passed.
 */
function stepOperandT(memory: KernelMemory, h0: TensorInfo, x: TensorInfo, keep: Float32Array | null, order: readonly number[], hNewAt: (e: number, p: number) => number): TensorInfo {
  const [T = 0, N = 0, I = 0] = x.shape;
  const P = h0.shape[1] ?? 0;
  const rows = T * N;
  const operandT = memory.alloc([P + I, rows]);
  const OP = memory.view(operandT);
  writeTransposed(OP, P, memory.view(x), rows, I);
  const carried = Float32Array.from(memory.view(h0));
  for (const t of order) {
    for (let n = 0; n < N; n++) {
      const e = t * N + n;
      const valid = keep === null || keep[e] === 1;
      for (let p = 0; p < P; p++) {
        OP[p * rows + e] = carried[n * P + p] as number;
        if (valid) carried[n * P + p] = hNewAt(e, p);
      }
    }
  }
  return operandT;
}

/** Outputs dx, dh0, dc0, dwIh, dwHh, dbias and, with a projection, dwHr, as the portable op. */
export function lstmBackward(memory: KernelMemory, inputs: Inputs, attrs: NamedAttrMap): TensorInfo[] {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const c0 = need(inputs, 'c0');
  const wHr = inputs['wHr'];
  const gates = need(inputs, 'gates');
  const cs = need(inputs, 'cs');
  const [T = 0, N = 0] = x.shape;
  const G = need(inputs, 'wIh').shape[1] ?? 0;
  const H = G / 4;
  const P = h0.shape[1] ?? 0;
  const order = visitOrder(T, attrs);
  const keep = keepFlags(memory, need(inputs, 'mask'), attrs);
  // tanh(c) of every step in one vectorised call: tanh(c) = 2 sigmoid(2c) - 1.
  const cTwice = memory.alloc([T, N, H]);
  const C2 = memory.view(cTwice);
  const CSv = memory.view(cs);
  for (let e = 0; e < C2.length; e++) C2[e] = 2 * (CSv[e] as number);
  const tanhC = memory.sigmoid(cTwice);
  memory.free(cTwice);
  // The hidden states the forward pass did not keep are rebuilt from r = o * tanh(c).
  const GTv = memory.view(gates);
  const SCv = memory.view(tanhC);
  const rAt = (e: number, j: number): number => (GTv[e * G + 3 * H + j] as number) * (2 * (SCv[e * H + j] as number) - 1);
  let rAll: TensorInfo | undefined;
  let operandT: TensorInfo;
  if (wHr === undefined) {
    operandT = stepOperandT(memory, h0, x, keep, order, rAt);
  } else {
    rAll = memory.alloc([T * N, H]);
    const RA = memory.view(rAll);
    const GTr = memory.view(gates);
    const SCr = memory.view(tanhC);
    for (let e = 0; e < T * N; e++) {
      for (let j = 0; j < H; j++) RA[e * H + j] = (GTr[e * G + 3 * H + j] as number) * (2 * (SCr[e * H + j] as number) - 1);
    }
    const hNewAll = memory.matMul(rAll, wHr);
    const HNEW = memory.view(hNewAll);
    operandT = stepOperandT(memory, h0, x, keep, order, (e, p) => HNEW[e * P + p] as number);
    memory.free(hNewAll);
  }
  const wHhT = memory.transpose(need(inputs, 'wHh'));
  const wHrT = wHr === undefined ? undefined : memory.transpose(wHr);
  const dA = memory.alloc([T, N, G]);
  const dbias = new Float64Array(G);
  // With a projection, dL/dh_new of every step is kept for dW_hr.
  const dhnAll = wHr === undefined ? undefined : memory.alloc([T, N, P]);
  const dh = Float32Array.from(memory.view(need(inputs, 'dh')));
  const dc = Float32Array.from(memory.view(need(inputs, 'dc')));
  const dyValues = Float32Array.from(memory.view(need(inputs, 'dy')));
  for (let v = order.length - 1; v >= 0; v--) {
    const t = order[v] as number;
    const previous = v > 0 ? (order[v - 1] as number) : -1;
    let dr: TensorInfo | undefined;
    if (dhnAll !== undefined && wHrT !== undefined) {
      const DHN = memory.view(dhnAll);
      for (let n = 0; n < N; n++) {
        const k = keep === null ? 1 : (keep[t * N + n] as number);
        for (let p = 0; p < P; p++) {
          const at = (t * N + n) * P + p;
          DHN[at] = k * ((dyValues[at] as number) + (dh[n * P + p] as number));
        }
      }
      const dhnStep = memory.alias(dhnAll, t * N * P, [N, P]);
      dr = memory.matMul(dhnStep, wHrT);
      memory.dropAlias(dhnStep);
    }
    const GT = memory.view(gates);
    const CS = memory.view(cs);
    const SC = memory.view(tanhC);
    const DA = memory.view(dA);
    const DR = dr === undefined ? undefined : memory.view(dr);
    const cPrev = previous < 0 ? memory.view(c0) : CS.subarray(previous * N * H, (previous + 1) * N * H);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      const go = (t * N + n) * G;
      const so = (t * N + n) * H;
      for (let j = 0; j < H; j++) {
        const i = GT[go + j] as number;
        const f = GT[go + H + j] as number;
        const g = GT[go + 2 * H + j] as number;
        const o = GT[go + 3 * H + j] as number;
        const tc = 2 * (SC[so + j] as number) - 1;
        const drj = DR !== undefined ? (DR[n * H + j] as number) : k * ((dyValues[so + j] as number) + (dh[n * H + j] as number));
        const dcCarried = dc[n * H + j] as number;
        const dcNew = k * dcCarried + drj * o * (1 - tc * tc);
        const dai = dcNew * g * i * (1 - i);
        const daf = dcNew * (cPrev[n * H + j] as number) * f * (1 - f);
        const dag = dcNew * i * (1 - g * g);
        const dao = drj * tc * o * (1 - o);
        DA[go + j] = dai;
        DA[go + H + j] = daf;
        DA[go + 2 * H + j] = dag;
        DA[go + 3 * H + j] = dao;
        dbias[j] = (dbias[j] as number) + dai;
        dbias[H + j] = (dbias[H + j] as number) + daf;
        dbias[2 * H + j] = (dbias[2 * H + j] as number) + dag;
        dbias[3 * H + j] = (dbias[3 * H + j] as number) + dao;
        dc[n * H + j] = dcNew * f + (1 - k) * dcCarried;
      }
    }
    if (dr !== undefined) memory.free(dr);
    const daStep = memory.alias(dA, t * N * G, [N, G]);
    const dhPrev = memory.matMul(daStep, wHhT);
    memory.dropAlias(daStep);
    const DHP = memory.view(dhPrev);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      for (let p = 0; p < P; p++) {
        const at = n * P + p;
        dh[at] = (DHP[at] as number) + (1 - k) * (dh[at] as number);
      }
    }
    memory.free(dhPrev);
  }
  memory.free(wHhT);
  memory.free(tanhC);
  if (wHrT !== undefined) memory.free(wHrT);
  const [dwHh, dwIh] = stackedWeightGrads(memory, operandT, dA, P);
  memory.free(operandT);
  const grads = [
    reshaped(inputGrad(memory, dA, need(inputs, 'wIh')), [T, N, x.shape[2] ?? 0]),
    bufferOf(memory, [N, P], dh),
    bufferOf(memory, [N, H], dc),
    dwIh,
    dwHh,
    bufferOf(memory, [G], Float32Array.from(dbias)),
  ];
  if (dhnAll !== undefined && rAll !== undefined) {
    grads.push(weightGrad(memory, reshaped(rAll, [T, N, H]), dhnAll));
    memory.free(dhnAll);
    memory.free(rAll);
  }
  memory.free(dA);
  return grads;
}

// The LSTM sequence operation and its backward pass as loops over typed arrays: per step one
// backend matmul, then the whole gate arithmetic of the step in a single pass.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelMemory } from './kernel_memory.js';
import { reshaped } from './kernel_memory.js';
import { biasGrad, bufferOf, carriedPrevious, inputGrad, keepFlags, need, projectAll, visitOrder, weightGrad } from './kernel_helpers.js';

type Inputs = Record<string, TensorInfo | undefined>;

/**
 * Outputs y, h_n, c_n, gates and cs, as the portable operation; the hidden state is kept for
 * one step only (the backward pass rebuilds the others).
 */
export function lstmForward(memory: KernelMemory, inputs: Inputs, attrs: NamedAttrMap): TensorInfo[] {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const c0 = need(inputs, 'c0');
  const wHh = need(inputs, 'wHh');
  const wHr = inputs['wHr'];
  const [T = 0, N = 0] = x.shape;
  const G = need(inputs, 'wIh').shape[1] ?? 0;
  const H = G / 4;
  const P = h0.shape[1] ?? 0;
  const order = visitOrder(T, attrs);
  const keep = keepFlags(memory, need(inputs, 'mask'), attrs);
  const bias = Float32Array.from(memory.view(need(inputs, 'bias')));
  const xw = projectAll(memory, x, need(inputs, 'wIh'));
  const y = memory.alloc([T, N, P]);
  const gates = memory.alloc([T, N, G]);
  const cs = memory.alloc([T, N, H]);
  // The carried hidden state: read by the step's matmul before the step overwrites it.
  const hCur = bufferOf(memory, [N, P], memory.view(h0));
  const r = wHr === undefined ? undefined : memory.alloc([N, H]);
  // Pre-activations of the step, and twice the new cell state: every squashing runs as the
  // backend's vectorised sigmoid, with tanh(v) = 2 sigmoid(2v) - 1.
  const pre = memory.alloc([N, G]);
  const cTwice = memory.alloc([N, H]);
  let previous = -1;
  for (const t of order) {
    const hw = memory.matMul(hCur, wHh);
    // Views are taken after each allocation: an allocation may move the wasm heap.
    const XW = memory.view(xw);
    const HW = memory.view(hw);
    const PRE = memory.view(pre);
    for (let n = 0; n < N; n++) {
      const xo = (t * N + n) * G;
      const ho = n * G;
      for (let q = 0; q < G; q++) {
        const a = (XW[xo + q] as number) + (HW[ho + q] as number) + (bias[q] as number);
        PRE[ho + q] = q >= 2 * H && q < 3 * H ? 2 * a : a;
      }
    }
    memory.free(hw);
    const squashed = memory.sigmoid(pre);
    const S = memory.view(squashed);
    const GT = memory.view(gates);
    const CS = memory.view(cs);
    const C2 = memory.view(cTwice);
    const cPrev = previous < 0 ? memory.view(c0) : CS.subarray(previous * N * H, (previous + 1) * N * H);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      const so = n * G;
      const go = (t * N + n) * G;
      const co = n * H;
      const to = (t * N + n) * H;
      for (let j = 0; j < H; j++) {
        const i = S[so + j] as number;
        const f = S[so + H + j] as number;
        const g = 2 * (S[so + 2 * H + j] as number) - 1;
        const o = S[so + 3 * H + j] as number;
        const cp = cPrev[co + j] as number;
        const cNew = f * cp + i * g;
        GT[go + j] = i;
        GT[go + H + j] = f;
        GT[go + 2 * H + j] = g;
        GT[go + 3 * H + j] = o;
        CS[to + j] = k === 1 ? cNew : cp;
        C2[co + j] = 2 * cNew;
      }
    }
    memory.free(squashed);
    const squashedC = memory.sigmoid(cTwice);
    const SC = memory.view(squashedC);
    const GT2 = memory.view(gates);
    const HC = memory.view(hCur);
    const Y = memory.view(y);
    const R = r === undefined ? undefined : memory.view(r);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      const go = (t * N + n) * G;
      const co = n * H;
      const to = (t * N + n) * H;
      for (let j = 0; j < H; j++) {
        const out = (GT2[go + 3 * H + j] as number) * (2 * (SC[co + j] as number) - 1);
        if (R !== undefined) {
          R[co + j] = out;
        } else {
          if (k === 1) HC[co + j] = out;
          Y[to + j] = k === 1 ? out : 0;
        }
      }
    }
    memory.free(squashedC);
    if (r !== undefined && wHr !== undefined) {
      const projected = memory.matMul(r, wHr);
      const HP = memory.view(projected);
      const HCp = memory.view(hCur);
      const Yp = memory.view(y);
      for (let n = 0; n < N; n++) {
        const k = keep === null ? 1 : (keep[t * N + n] as number);
        for (let p = 0; p < P; p++) {
          const at = (t * N + n) * P + p;
          if (k === 1) HCp[n * P + p] = HP[n * P + p] as number;
          Yp[at] = k === 1 ? (HP[n * P + p] as number) : 0;
        }
      }
      memory.free(projected);
    }
    previous = t;
  }
  memory.free(pre);
  memory.free(cTwice);
  memory.free(xw);
  if (r !== undefined) memory.free(r);
  const last = order[order.length - 1] ?? 0;
  const cN = bufferOf(memory, [N, H], memory.view(cs).slice(last * N * H, (last + 1) * N * H));
  return [y, hCur, cN, gates, cs];
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
  const wHhT = memory.transpose(need(inputs, 'wHh'));
  const wHrT = wHr === undefined ? undefined : memory.transpose(wHr);
  const dA = memory.alloc([T, N, G]);
  // tanh(c) of every step in one vectorised call, and r = o * tanh(c), from which the hidden
  // states the forward pass did not keep are rebuilt.
  const cTwice = memory.alloc([T, N, H]);
  const C2 = memory.view(cTwice);
  C2.set(memory.view(cs));
  for (let e = 0; e < C2.length; e++) C2[e] = 2 * (C2[e] as number);
  const squashedC = memory.sigmoid(cTwice);
  memory.free(cTwice);
  const S = memory.view(squashedC);
  const tanhC = new Float32Array(S.length);
  for (let e = 0; e < S.length; e++) tanhC[e] = 2 * (S[e] as number) - 1;
  memory.free(squashedC);
  const rAll = memory.alloc([T, N, H]);
  const RA = memory.view(rAll);
  const GTr = memory.view(gates);
  for (let row = 0; row < T * N; row++) {
    for (let j = 0; j < H; j++) RA[row * H + j] = (GTr[row * G + 3 * H + j] as number) * (tanhC[row * H + j] as number);
  }
  const hNewAll = wHr === undefined ? rAll : reshaped(memory.matMul(reshaped(rAll, [T * N, H]), wHr), [T, N, P]);
  const hPrevAll = carriedPrevious(memory, h0, hNewAll, keep, order);
  if (hNewAll !== rAll) memory.free(hNewAll);
  // With a projection, dL/dh_new of every step is kept for dW_hr.
  const dhnAll = wHr === undefined ? undefined : memory.alloc([T, N, P]);
  const dh = Float32Array.from(memory.view(need(inputs, 'dh')));
  const dc = Float32Array.from(memory.view(need(inputs, 'dc')));
  const dy = memory.view(need(inputs, 'dy'));
  const dyValues = Float32Array.from(dy);
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
        const tc = tanhC[so + j] as number;
        const drj = DR !== undefined ? (DR[n * H + j] as number) : k * ((dyValues[so + j] as number) + (dh[n * H + j] as number));
        const dcCarried = dc[n * H + j] as number;
        const dcNew = k * dcCarried + drj * o * (1 - tc * tc);
        DA[go + j] = dcNew * g * i * (1 - i);
        DA[go + H + j] = dcNew * (cPrev[n * H + j] as number) * f * (1 - f);
        DA[go + 2 * H + j] = dcNew * i * (1 - g * g);
        DA[go + 3 * H + j] = drj * tc * o * (1 - o);
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
  if (wHrT !== undefined) memory.free(wHrT);
  const grads = [
    inputGrad(memory, dA, need(inputs, 'wIh')),
    bufferOf(memory, [N, P], dh),
    bufferOf(memory, [N, H], dc),
    weightGrad(memory, x, dA),
    weightGrad(memory, hPrevAll, dA),
    biasGrad(memory, dA),
  ];
  memory.free(hPrevAll);
  if (dhnAll !== undefined) {
    grads.push(weightGrad(memory, rAll, dhnAll));
    memory.free(dhnAll);
  }
  memory.free(rAll);
  memory.free(dA);
  return grads.map((g, k) => (k === 0 ? reshaped(g, [T, N, x.shape[2] ?? 0]) : g));
}

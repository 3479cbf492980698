// The GRU (reset after the matmul) sequence operation and its backward pass as loops over
// typed arrays.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelMemory } from './kernel_memory.js';
import { reshaped } from './kernel_memory.js';
import { biasGrad, bufferOf, inputGrad, keepFlags, need, previousStates, projectAll, visitOrder, weightGrad } from './kernel_helpers.js';

type Inputs = Record<string, TensorInfo | undefined>;

/** Outputs y, h_n, gates (r, z, n), hns (W_hn h + b_hn), hs, as the portable operation. */
export function gruForward(memory: KernelMemory, inputs: Inputs, attrs: NamedAttrMap): TensorInfo[] {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const wHh = need(inputs, 'wHh');
  const [T = 0, N = 0] = x.shape;
  const G = wHh.shape[1] ?? 0;
  const H = G / 3;
  const order = visitOrder(T, attrs);
  const keep = keepFlags(memory, need(inputs, 'mask'), attrs);
  const bIh = Float32Array.from(memory.view(need(inputs, 'bIh')));
  const bHh = Float32Array.from(memory.view(need(inputs, 'bHh')));
  const xw = projectAll(memory, x, need(inputs, 'wIh'));
  const y = memory.alloc([T, N, H]);
  const gates = memory.alloc([T, N, G]);
  const hns = memory.alloc([T, N, H]);
  const hs = memory.alloc([T, N, H]);
  // Pre-activations of r and z, then twice the candidate's: all squashing runs as the backend's
  // vectorised sigmoid, with tanh(v) = 2 sigmoid(2v) - 1.
  const preRz = memory.alloc([N, 2 * H]);
  const preN = memory.alloc([N, H]);
  let previous = -1;
  for (const t of order) {
    const hPrev = previous < 0 ? h0 : memory.alias(hs, previous * N * H, [N, H]);
    const hw = memory.matMul(hPrev, wHh);
    if (previous >= 0) memory.dropAlias(hPrev);
    const XW = memory.view(xw);
    const HW = memory.view(hw);
    const RZ = memory.view(preRz);
    for (let n = 0; n < N; n++) {
      const xo = (t * N + n) * G;
      const ho = n * G;
      for (let q = 0; q < 2 * H; q++) {
        RZ[n * 2 * H + q] = (XW[xo + q] as number) + (bIh[q] as number) + (HW[ho + q] as number) + (bHh[q] as number);
      }
    }
    const rz = memory.sigmoid(preRz);
    const S = memory.view(rz);
    const XW2 = memory.view(xw);
    const HW2 = memory.view(hw);
    const PN = memory.view(preN);
    const GT = memory.view(gates);
    const HN = memory.view(hns);
    for (let n = 0; n < N; n++) {
      const xo = (t * N + n) * G;
      const ho = n * G;
      const so = (t * N + n) * H;
      for (let j = 0; j < H; j++) {
        const r = S[n * 2 * H + j] as number;
        const hn = (HW2[ho + 2 * H + j] as number) + (bHh[2 * H + j] as number);
        PN[n * H + j] = 2 * ((XW2[xo + 2 * H + j] as number) + (bIh[2 * H + j] as number) + r * hn);
        GT[xo + j] = r;
        GT[xo + H + j] = S[n * 2 * H + H + j] as number;
        HN[so + j] = hn;
      }
    }
    memory.free(rz);
    memory.free(hw);
    const candidates = memory.sigmoid(preN);
    const SN = memory.view(candidates);
    const GT2 = memory.view(gates);
    const HS = memory.view(hs);
    const Y = memory.view(y);
    const hp = previous < 0 ? memory.view(h0) : HS.subarray(previous * N * H, (previous + 1) * N * H);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      const xo = (t * N + n) * G;
      const so = (t * N + n) * H;
      for (let j = 0; j < H; j++) {
        const cand = 2 * (SN[n * H + j] as number) - 1;
        const z = GT2[xo + H + j] as number;
        const hOld = hp[n * H + j] as number;
        const hNew = cand + z * (hOld - cand);
        GT2[xo + 2 * H + j] = cand;
        HS[so + j] = k === 1 ? hNew : hOld;
        Y[so + j] = k === 1 ? hNew : 0;
      }
    }
    memory.free(candidates);
    previous = t;
  }
  memory.free(preRz);
  memory.free(preN);
  memory.free(xw);
  const last = order[order.length - 1] ?? 0;
  const hN = bufferOf(memory, [N, H], memory.view(hs).slice(last * N * H, (last + 1) * N * H));
  return [y, hN, gates, hns, hs];
}

/** Outputs dx, dh0, dwIh, dwHh, dbIh, dbHh, as the portable operation. */
export function gruBackward(memory: KernelMemory, inputs: Inputs, attrs: NamedAttrMap): TensorInfo[] {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const hs = need(inputs, 'hs');
  const gates = need(inputs, 'gates');
  const hns = need(inputs, 'hns');
  const [T = 0, N = 0] = x.shape;
  const G = need(inputs, 'wHh').shape[1] ?? 0;
  const H = G / 3;
  const order = visitOrder(T, attrs);
  const keep = keepFlags(memory, need(inputs, 'mask'), attrs);
  const wHhT = memory.transpose(need(inputs, 'wHh'));
  const dXw = memory.alloc([T, N, G]);
  const dHw = memory.alloc([T, N, G]);
  const dh = Float32Array.from(memory.view(need(inputs, 'dh')));
  const dyValues = Float32Array.from(memory.view(need(inputs, 'dy')));
  const hPrevAll = previousStates(memory, h0, hs, order);
  const direct = new Float32Array(N * H);
  for (let v = order.length - 1; v >= 0; v--) {
    const t = order[v] as number;
    const GT = memory.view(gates);
    const HN = memory.view(hns);
    const HP = memory.view(hPrevAll);
    const DX = memory.view(dXw);
    const DH = memory.view(dHw);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      const go = (t * N + n) * G;
      const so = (t * N + n) * H;
      for (let j = 0; j < H; j++) {
        const r = GT[go + j] as number;
        const z = GT[go + H + j] as number;
        const cand = GT[go + 2 * H + j] as number;
        const dhn = k * ((dyValues[so + j] as number) + (dh[n * H + j] as number));
        const dan = dhn * (1 - z) * (1 - cand * cand);
        const dar = dan * (HN[so + j] as number) * r * (1 - r);
        const daz = dhn * ((HP[so + j] as number) - cand) * z * (1 - z);
        DX[go + j] = dar;
        DX[go + H + j] = daz;
        DX[go + 2 * H + j] = dan;
        DH[go + j] = dar;
        DH[go + H + j] = daz;
        DH[go + 2 * H + j] = dan * r;
        direct[n * H + j] = dhn * z + (1 - k) * (dh[n * H + j] as number);
      }
    }
    const dhwStep = memory.alias(dHw, t * N * G, [N, G]);
    const dhPrev = memory.matMul(dhwStep, wHhT);
    memory.dropAlias(dhwStep);
    const DHP = memory.view(dhPrev);
    for (let at = 0; at < N * H; at++) dh[at] = (DHP[at] as number) + (direct[at] as number);
    memory.free(dhPrev);
  }
  memory.free(wHhT);
  const grads = [
    inputGrad(memory, dXw, need(inputs, 'wIh')),
    bufferOf(memory, [N, H], dh),
    weightGrad(memory, x, dXw),
    weightGrad(memory, hPrevAll, dHw),
    biasGrad(memory, dXw),
    biasGrad(memory, dHw),
  ];
  memory.free(hPrevAll);
  memory.free(dXw);
  memory.free(dHw);
  return grads.map((g, k) => (k === 0 ? reshaped(g, [T, N, x.shape[2] ?? 0]) : g));
}

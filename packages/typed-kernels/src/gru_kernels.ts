// The GRU (reset after the matmul) sequence operation and its backward pass as loops over
// typed arrays.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelMemory } from './kernel_memory.js';
import { reshaped } from './kernel_memory.js';
import { biasGrad, bufferOf, inputGrad, keepFlags, need, projectAll, visitOrder, weightGrad } from './kernel_helpers.js';

type Inputs = Record<string, TensorInfo | undefined>;

/**
 * Outputs y, h_n, gates (r, z, n) and hns (W_hn h + b_hn), as the portable operation; the hidden
 * state is kept for one step only (the backward pass rebuilds the others).
 */
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
  // The carried hidden state: read by the step's matmul before the step overwrites it.
  const hCur = bufferOf(memory, [N, H], memory.view(h0));
  // Pre-activations of r and z, then twice the candidate's: all squashing runs as the backend's
  // vectorised sigmoid, with tanh(v) = 2 sigmoid(2v) - 1.
  const preRz = memory.alloc([N, 2 * H]);
  const preN = memory.alloc([N, H]);
  for (const t of order) {
    const hw = memory.matMul(hCur, wHh);
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
    const HC = memory.view(hCur);
    const Y = memory.view(y);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      const xo = (t * N + n) * G;
      const so = (t * N + n) * H;
      for (let j = 0; j < H; j++) {
        const cand = 2 * (SN[n * H + j] as number) - 1;
        const z = GT2[xo + H + j] as number;
        const hNew = cand + z * ((HC[n * H + j] as number) - cand);
        GT2[xo + 2 * H + j] = cand;
        if (k === 1) HC[n * H + j] = hNew;
        Y[so + j] = k === 1 ? hNew : 0;
      }
    }
    memory.free(candidates);
  }
  memory.free(preRz);
  memory.free(preN);
  memory.free(xw);
  return [y, hCur, gates, hns];
}

/**
 * The state each step started from, (T, N, H) in step order, rebuilt along the visiting order from
 * the saved z and n: `h' = n + z (h - n)` at valid steps, held past a sample's length.
 */
function rebuildPrevious(memory: KernelMemory, h0: TensorInfo, gates: TensorInfo, keep: Float32Array | null, order: readonly number[]): TensorInfo {
  const [T = 0, N = 0, G = 0] = gates.shape;
  const H = G / 3;
  const out = memory.alloc([T, N, H]);
  const target = memory.view(out);
  const GT = memory.view(gates);
  const carried = Float32Array.from(memory.view(h0));
  for (const t of order) {
    for (let n = 0; n < N; n++) {
      const at = (t * N + n) * H;
      target.set(carried.subarray(n * H, (n + 1) * H), at);
      if (keep !== null && keep[t * N + n] !== 1) continue;
      const go = (t * N + n) * G;
      for (let j = 0; j < H; j++) {
        const z = GT[go + H + j] as number;
        const cand = GT[go + 2 * H + j] as number;
        carried[n * H + j] = cand + z * ((carried[n * H + j] as number) - cand);
      }
    }
  }
  return out;
}

/** Outputs dx, dh0, dwIh, dwHh, dbIh, dbHh, as the portable operation. */
export function gruBackward(memory: KernelMemory, inputs: Inputs, attrs: NamedAttrMap): TensorInfo[] {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
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
  const hPrevAll = rebuildPrevious(memory, h0, gates, keep, order);
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

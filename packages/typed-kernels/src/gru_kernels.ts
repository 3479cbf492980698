// The GRU (reset after the matmul) sequence operation and its backward pass as loops over
// typed arrays.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelMemory } from './kernel_memory.js';
import { reshaped } from './kernel_memory.js';
import { bufferOf, inputGrad, keepFlags, need, projectAll, visitOrder, wantsWorkspace, weightGrad } from './kernel_helpers.js';

type Inputs = Record<string, TensorInfo | undefined>;

/**
 * Outputs y, h_n, gates (r, z, n) and hns (W_hn h + b_hn), as the portable operation; the hidden
 * state is kept for one step only (the backward pass rebuilds the others). Without a gradient
 * tape the gates and hns outputs are empty and never written.
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
  const recording = wantsWorkspace(attrs);
  // Both biases of r and z, and b_in, ride on the input projection; b_hn on the recurrent
  // product, where the reset gate scales it.
  const bIh = memory.view(need(inputs, 'bIh'));
  const bHh = memory.view(need(inputs, 'bHh'));
  const inputShift = memory.alloc([G]);
  const recurrentShift = memory.alloc([G]);
  const IS = memory.view(inputShift);
  const RS = memory.view(recurrentShift);
  for (let q = 0; q < G; q++) {
    IS[q] = q < 2 * H ? (bIh[q] as number) + (bHh[q] as number) : (bIh[q] as number);
    RS[q] = q < 2 * H ? 0 : (bHh[q] as number);
  }
  const xw = projectAll(memory, x, need(inputs, 'wIh'), inputShift);
  const y = memory.alloc([T, N, H]);
  const gates = memory.alloc(recording ? [T, N, G] : [0]);
  const hns = memory.alloc(recording ? [T, N, H] : [0]);
  // The carried hidden state: read by the step's matmul before the step overwrites it.
  const hCur = bufferOf(memory, [N, H], memory.view(h0));
  // Pre-activations of r and z, then twice the candidate's: all squashing runs as the backend's
  // vectorised sigmoid, with tanh(v) = 2 sigmoid(2v) - 1.
  const preRz = memory.alloc([N, 2 * H]);
  const preN = memory.alloc([N, H]);
  for (const t of order) {
    const hw = memory.affine(hCur, wHh, recurrentShift);
    const XW = memory.view(xw);
    const HW = memory.view(hw);
    const RZ = memory.view(preRz);
    for (let n = 0; n < N; n++) {
      const xo = (t * N + n) * G;
      const ho = n * G;
      const ro = n * 2 * H;
      for (let q = 0; q < 2 * H; q++) {
        RZ[ro + q] = (XW[xo + q] as number) + (HW[ho + q] as number);
      }
    }
    const rz = memory.sigmoid(preRz);
    const S = memory.view(rz);
    const XW2 = memory.view(xw);
    const HW2 = memory.view(hw);
    const PN = memory.view(preN);
    const HN = memory.view(hns);
    for (let n = 0; n < N; n++) {
      const xo = (t * N + n) * G;
      const ho = n * G;
      const so = (t * N + n) * H;
      const ro = n * 2 * H;
      for (let j = 0; j < H; j++) {
        const hn = HW2[ho + 2 * H + j] as number;
        PN[n * H + j] = 2 * ((XW2[xo + 2 * H + j] as number) + (S[ro + j] as number) * hn);
        if (recording) HN[so + j] = hn;
      }
    }
    memory.free(hw);
    const candidates = memory.sigmoid(preN);
    const SN = memory.view(candidates);
    const SR = memory.view(rz);
    const GT = memory.view(gates);
    const HC = memory.view(hCur);
    const Y = memory.view(y);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      const xo = (t * N + n) * G;
      const so = (t * N + n) * H;
      const ro = n * 2 * H;
      for (let j = 0; j < H; j++) {
        const cand = 2 * (SN[n * H + j] as number) - 1;
        const z = SR[ro + H + j] as number;
        const hNew = cand + z * ((HC[n * H + j] as number) - cand);
        if (k === 1) HC[n * H + j] = hNew;
        Y[so + j] = k === 1 ? hNew : 0;
      }
      if (recording) {
        for (let j = 0; j < H; j++) {
          GT[xo + j] = SR[ro + j] as number;
          GT[xo + H + j] = SR[ro + H + j] as number;
          GT[xo + 2 * H + j] = 2 * (SN[n * H + j] as number) - 1;
        }
      }
    }
    memory.free(candidates);
    memory.free(rz);
  }
  memory.free(preRz);
  memory.free(preN);
  memory.free(xw);
  memory.free(inputShift);
  memory.free(recurrentShift);
  return [y, hCur, gates, hns];
}

/**
 * The state each step started from, transposed: (H, T * N), rebuilt along the visiting order
 * from the saved z and n: `h' = n + z (h - n)` at valid steps, held past a sample's length.
 */
function rebuildPreviousT(memory: KernelMemory, h0: TensorInfo, gates: TensorInfo, keep: Float32Array | null, order: readonly number[]): TensorInfo {
  const [T = 0, N = 0, G = 0] = gates.shape;
  const H = G / 3;
  const rows = T * N;
  const out = memory.alloc([H, rows]);
  const target = memory.view(out);
  const GT = memory.view(gates);
  const carried = Float32Array.from(memory.view(h0));
  for (const t of order) {
    for (let n = 0; n < N; n++) {
      const e = t * N + n;
      const valid = keep === null || keep[e] === 1;
      const go = e * G;
      for (let j = 0; j < H; j++) {
        const h = carried[n * H + j] as number;
        target[j * rows + e] = h;
        if (valid) {
          const cand = GT[go + 2 * H + j] as number;
          carried[n * H + j] = cand + (GT[go + H + j] as number) * (h - cand);
        }
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
  const hPrevT = rebuildPreviousT(memory, h0, gates, keep, order);
  const wHhT = memory.transpose(need(inputs, 'wHh'));
  const dXw = memory.alloc([T, N, G]);
  const dHw = memory.alloc([T, N, G]);
  const dbIh = new Float64Array(G);
  const dbHh = new Float64Array(G);
  const dh = Float32Array.from(memory.view(need(inputs, 'dh')));
  const dyValues = Float32Array.from(memory.view(need(inputs, 'dy')));
  const direct = new Float32Array(N * H);
  const rows = T * N;
  for (let v = order.length - 1; v >= 0; v--) {
    const t = order[v] as number;
    const GT = memory.view(gates);
    const HN = memory.view(hns);
    const HPT = memory.view(hPrevT);
    const DX = memory.view(dXw);
    const DH = memory.view(dHw);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      const e = t * N + n;
      const go = e * G;
      const so = e * H;
      for (let j = 0; j < H; j++) {
        const r = GT[go + j] as number;
        const z = GT[go + H + j] as number;
        const cand = GT[go + 2 * H + j] as number;
        const dhn = k * ((dyValues[so + j] as number) + (dh[n * H + j] as number));
        const dan = dhn * (1 - z) * (1 - cand * cand);
        const dar = dan * (HN[so + j] as number) * r * (1 - r);
        const daz = dhn * ((HPT[j * rows + e] as number) - cand) * z * (1 - z);
        const danR = dan * r;
        DX[go + j] = dar;
        DX[go + H + j] = daz;
        DX[go + 2 * H + j] = dan;
        DH[go + j] = dar;
        DH[go + H + j] = daz;
        DH[go + 2 * H + j] = danR;
        dbIh[j] = (dbIh[j] as number) + dar;
        dbIh[H + j] = (dbIh[H + j] as number) + daz;
        dbIh[2 * H + j] = (dbIh[2 * H + j] as number) + dan;
        dbHh[2 * H + j] = (dbHh[2 * H + j] as number) + danR;
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
  // r and z see the same pre-activation gradient through both biases.
  for (let q = 0; q < 2 * H; q++) dbHh[q] = dbIh[q] as number;
  const grads = [
    reshaped(inputGrad(memory, dXw, need(inputs, 'wIh')), [T, N, x.shape[2] ?? 0]),
    bufferOf(memory, [N, H], dh),
    weightGrad(memory, x, dXw),
    memory.matMul(hPrevT, reshaped(dHw, [rows, G])),
    bufferOf(memory, [G], Float32Array.from(dbIh)),
    bufferOf(memory, [G], Float32Array.from(dbHh)),
  ];
  memory.free(hPrevT);
  memory.free(dXw);
  memory.free(dHw);
  return grads;
}

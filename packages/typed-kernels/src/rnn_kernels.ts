// The Elman RNN sequence operation and its backward pass as loops over typed arrays.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelMemory } from './kernel_memory.js';
import { reshaped } from './kernel_memory.js';
import { biasGradT, bufferOf, gradientT, inputGrad, keepFlags, need, previousStates, projectAll, visitOrder, weightGradT } from './kernel_helpers.js';

type Inputs = Record<string, TensorInfo | undefined>;

/** Outputs y, h_n, hs, as the portable operation. */
export function rnnForward(memory: KernelMemory, inputs: Inputs, attrs: NamedAttrMap): TensorInfo[] {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const wHh = need(inputs, 'wHh');
  const relu = attrs['activation'] === 'relu';
  const [T = 0, N = 0] = x.shape;
  const H = wHh.shape[1] ?? 0;
  const order = visitOrder(T, attrs);
  const keep = keepFlags(memory, need(inputs, 'mask'), attrs);
  const bias = Float32Array.from(memory.view(need(inputs, 'bias')));
  const xw = projectAll(memory, x, need(inputs, 'wIh'));
  const y = memory.alloc([T, N, H]);
  const hs = memory.alloc([T, N, H]);
  // tanh runs as the backend's vectorised sigmoid: tanh(v) = 2 sigmoid(2v) - 1.
  const pre = memory.alloc([N, H]);
  let previous = -1;
  for (const t of order) {
    const hPrev = previous < 0 ? h0 : memory.alias(hs, previous * N * H, [N, H]);
    const hw = memory.matMul(hPrev, wHh);
    if (previous >= 0) memory.dropAlias(hPrev);
    const XW = memory.view(xw);
    const HW = memory.view(hw);
    const PRE = memory.view(pre);
    for (let n = 0; n < N; n++) {
      const so = (t * N + n) * H;
      for (let j = 0; j < H; j++) {
        const a = (XW[so + j] as number) + (HW[n * H + j] as number) + (bias[j] as number);
        PRE[n * H + j] = relu ? a : 2 * a;
      }
    }
    memory.free(hw);
    const squashed = relu ? undefined : memory.sigmoid(pre);
    const S = squashed === undefined ? memory.view(pre) : memory.view(squashed);
    const HS = memory.view(hs);
    const Y = memory.view(y);
    const hp = previous < 0 ? memory.view(h0) : HS.subarray(previous * N * H, (previous + 1) * N * H);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      const so = (t * N + n) * H;
      for (let j = 0; j < H; j++) {
        const v = S[n * H + j] as number;
        const hNew = relu ? Math.max(v, 0) : 2 * v - 1;
        HS[so + j] = k === 1 ? hNew : (hp[n * H + j] as number);
        Y[so + j] = k === 1 ? hNew : 0;
      }
    }
    if (squashed !== undefined) memory.free(squashed);
    previous = t;
  }
  memory.free(pre);
  memory.free(xw);
  const last = order[order.length - 1] ?? 0;
  const hN = bufferOf(memory, [N, H], memory.view(hs).slice(last * N * H, (last + 1) * N * H));
  return [y, hN, hs];
}

/** Outputs dx, dh0, dwIh, dwHh, dbias, as the portable operation. */
export function rnnBackward(memory: KernelMemory, inputs: Inputs, attrs: NamedAttrMap): TensorInfo[] {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const hs = need(inputs, 'hs');
  const relu = attrs['activation'] === 'relu';
  const [T = 0, N = 0] = x.shape;
  const H = need(inputs, 'wHh').shape[1] ?? 0;
  const order = visitOrder(T, attrs);
  const keep = keepFlags(memory, need(inputs, 'mask'), attrs);
  const wHhT = memory.transpose(need(inputs, 'wHh'));
  const dA = memory.alloc([T, N, H]);
  const dh = Float32Array.from(memory.view(need(inputs, 'dh')));
  const dyValues = Float32Array.from(memory.view(need(inputs, 'dy')));
  for (let v = order.length - 1; v >= 0; v--) {
    const t = order[v] as number;
    const HS = memory.view(hs);
    const DA = memory.view(dA);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      const so = (t * N + n) * H;
      for (let j = 0; j < H; j++) {
        const h = HS[so + j] as number;
        const dhn = k * ((dyValues[so + j] as number) + (dh[n * H + j] as number));
        DA[so + j] = dhn * (relu ? (h > 0 ? 1 : 0) : 1 - h * h);
      }
    }
    const daStep = memory.alias(dA, t * N * H, [N, H]);
    const dhPrev = memory.matMul(daStep, wHhT);
    memory.dropAlias(daStep);
    const DHP = memory.view(dhPrev);
    for (let n = 0; n < N; n++) {
      const k = keep === null ? 1 : (keep[t * N + n] as number);
      for (let j = 0; j < H; j++) {
        const at = n * H + j;
        dh[at] = (DHP[at] as number) + (1 - k) * (dh[at] as number);
      }
    }
    memory.free(dhPrev);
  }
  memory.free(wHhT);
  const hPrevAll = previousStates(memory, h0, hs, order);
  const dx = reshaped(inputGrad(memory, dA, need(inputs, 'wIh')), [T, N, x.shape[2] ?? 0]);
  const dAT = gradientT(memory, dA);
  memory.free(dA);
  const grads = [dx, bufferOf(memory, [N, H], dh), weightGradT(memory, dAT, x), weightGradT(memory, dAT, hPrevAll), biasGradT(memory, dAT)];
  memory.free(dAT);
  memory.free(hPrevAll);
  return grads;
}

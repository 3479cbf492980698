// The reset-before GRU (Keras' reset_after=False) sequence operation and its backward pass: per
// step the backend's matmuls and sigmoid, and the step's gate arithmetic as span kernels
// (span_kernels.ts).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type {
  AttrValues,
  GATED_SEQUENCE_ATTRS,
  GATED_SEQUENCE_FORWARD_ATTRS,
  GruResetBeforeGradInput,
  GruResetBeforeGradOf,
  GruResetBeforeInput,
  GruResetBeforeOutput,
  GruResetBeforeWorkspace,
  OpInputs,
  OpOutputs,
} from '@rnnkit/ops';
import type { KernelMemory, Span } from './kernel_memory.js';
import { reshaped, span } from './kernel_memory.js';
import { ADD, COPY, DOUBLE, GRU_HIDDEN, GRU_RESET_BEFORE_BACKWARD_CANDIDATE, GRU_RESET_BEFORE_BACKWARD_RESET, GRU_RESET_BEFORE_RESET, TANH_FROM } from './span_kernels.js';
import { rebuildPrevious } from './gru_kernels.js';
import { biasGradT, copyOf, gradientT, inputGrad, keepSpans, need, projectAll, squashGates, visitOrder, weightGradT, withColumnsDoubled } from './kernel_helpers.js';

/**
 * Columns `[first, first + count)` of a (rows, columns) weight as a new (rows, count) buffer,
 * doubled when `doubled` (for tanh(v) = 2 sigmoid(2v) - 1; doubling is exact in float32).
 */
function columnsOf(memory: KernelMemory, w: TensorInfo, first: number, count: number, doubled: boolean): TensorInfo {
  const [rows = 0, columns = 0] = w.shape;
  const out = memory.alloc([rows, count]);
  memory.run(doubled ? DOUBLE : COPY, { a: span(w, first, columns), out: span(out, 0, count) }, count, rows);
  return out;
}

/** The recurrent weight's r, z columns (H, 2H), prepared once per weight data: never free it. */
function resetUpdateColumns(memory: KernelMemory, wHh: TensorInfo): TensorInfo {
  const H = (wHh.shape[1] ?? 0) / 3;
  return memory.prepared([wHh], `columns 0+${2 * H}`, () => columnsOf(memory, wHh, 0, 2 * H, false));
}

/** The transpose of a weight's `[first, first + count)` columns, prepared once per weight data: never free it. */
function transposedColumns(memory: KernelMemory, w: TensorInfo, first: number, count: number): TensorInfo {
  return memory.prepared([w], `columns ${first}+${count} transposed`, () => {
    const part = columnsOf(memory, w, first, count, false);
    const transposed = memory.transpose(part);
    memory.free(part);
    return transposed;
  });
}

/**
 * Outputs y, h_n and gates (r, z, n), as the portable operation; the hidden state is kept for
 * one step only (the backward pass rebuilds the others). Without a gradient tape the gates
 * output is empty and never written.
 */
export function gruResetBeforeForward(
  memory: KernelMemory,
  inputs: OpInputs<GruResetBeforeInput, TensorInfo>,
  attrs: AttrValues<typeof GATED_SEQUENCE_FORWARD_ATTRS>,
): OpOutputs<GruResetBeforeOutput | GruResetBeforeWorkspace, TensorInfo> {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const wHh = need(inputs, 'wHh');
  const [T = 0, N = 0] = x.shape;
  const G = wHh.shape[1] ?? 0;
  const H = G / 3;
  const order = visitOrder(T, attrs);
  const keeps = keepSpans(memory, need(inputs, 'mask'), attrs, N);
  const recording = attrs.workspace;
  // With the candidate's columns doubled its pre-activation comes out doubled, and the backend's
  // vectorised sigmoid gives its tanh. Prepared once per weight data: inference calls reuse them.
  const [wIh, bias] = (['wIh', 'bias'] as const).map((name) => {
    const w = need(inputs, name);
    return memory.prepared([w], `columns ${2 * H}+${H} doubled`, () => withColumnsDoubled(memory, w, 2 * H, H));
  }) as [TensorInfo, TensorInfo];
  const wHrz = resetUpdateColumns(memory, wHh);
  const wHn = memory.prepared([wHh], `columns ${2 * H}+${H} alone doubled`, () => columnsOf(memory, wHh, 2 * H, H, true));
  const xw = projectAll(memory, x, wIh, bias);
  const y = memory.alloc([T, N, H]);
  const gates = memory.alloc(recording ? [T, N, G] : [0]);
  // The carried hidden state: read by the step's products before the step overwrites it.
  const hCur = copyOf(memory, h0);
  const preRz = memory.alloc([N, 2 * H]);
  const resetState = memory.alloc([N, H]);
  const preN = memory.alloc([N, H]);
  for (const t of order) {
    const keep = keeps.at(t);
    const at = t * N * G;
    const hw = memory.matMul(hCur, wHrz);
    memory.run(ADD, { a: span(xw, at, G), b: span(hw, 0, 2 * H), out: span(preRz, 0, 2 * H) }, 2 * H, N);
    memory.free(hw);
    const rz = squashGates(memory, attrs.gateActivation, preRz);
    memory.run(GRU_RESET_BEFORE_RESET, { r: span(rz, 0, 2 * H), h: span(hCur, 0, H), out: span(resetState, 0, H) }, H, N);
    const hn = memory.matMul(resetState, wHn);
    memory.run(ADD, { a: span(xw, at + 2 * H, G), b: span(hn, 0, H), out: span(preN, 0, H) }, H, N);
    memory.free(hn);
    const candidates = memory.sigmoid(preN);
    memory.run(GRU_HIDDEN, { sn: span(candidates, 0, H), z: span(rz, H, 2 * H), h: span(hCur, 0, H), y: span(y, t * N * H, H), keep }, H, N);
    if (recording) {
      memory.run(COPY, { a: span(rz, 0, 2 * H), out: span(gates, at, G) }, 2 * H, N);
      memory.run(TANH_FROM, { s: span(candidates, 0, H), out: span(gates, at + 2 * H, G) }, H, N);
    }
    memory.free(candidates);
    memory.free(rz);
  }
  memory.free(preRz);
  memory.free(resetState);
  memory.free(preN);
  memory.free(xw);
  keeps.free();
  return { y, h: hCur, gates };
}

/** Columns of two (rows, a) and (rows, b) buffers side by side as one (rows, a + b); frees both. */
function joinColumns(memory: KernelMemory, left: TensorInfo, right: TensorInfo): TensorInfo {
  const [rows = 0, a = 0] = left.shape;
  const b = right.shape[1] ?? 0;
  const out = memory.alloc([rows, a + b]);
  memory.run(COPY, { a: span(left, 0, a), out: span(out, 0, a + b) }, a, rows);
  memory.run(COPY, { a: span(right, 0, b), out: span(out, a, a + b) }, b, rows);
  memory.free(left);
  memory.free(right);
  return out;
}

/** The weight gradient `a^T dz` summed over steps, (K, G), from a (T, N, G) `dz` (which it frees) and a (T, N, K) `a`. */
function weightGrad(memory: KernelMemory, dz: TensorInfo, a: TensorInfo): TensorInfo {
  const dzT = gradientT(memory, dz);
  memory.free(dz);
  const grad = weightGradT(memory, dzT, a);
  memory.free(dzT);
  return grad;
}

/** Outputs dx, dh0, dwIh, dwHh, dbias, as the portable operation. */
export function gruResetBeforeBackward(
  memory: KernelMemory,
  inputs: OpInputs<GruResetBeforeGradInput, TensorInfo>,
  attrs: AttrValues<typeof GATED_SEQUENCE_ATTRS>,
): OpOutputs<`d${GruResetBeforeGradOf}`, TensorInfo> {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const gates = need(inputs, 'gates');
  const dy = need(inputs, 'dy');
  const wHh = need(inputs, 'wHh');
  const [T = 0, N = 0] = x.shape;
  const G = wHh.shape[1] ?? 0;
  const H = G / 3;
  const kind = attrs.gateActivation;
  const order = visitOrder(T, attrs);
  const keeps = keepSpans(memory, need(inputs, 'mask'), attrs, N);
  const hPrevAll = rebuildPrevious(memory, h0, gates, keeps, order);
  // r h before every step, the operand the candidate's recurrent weights multiplied.
  const resetAll = memory.alloc([T, N, H]);
  memory.run(GRU_RESET_BEFORE_RESET, { r: span(gates, 0, G), h: span(hPrevAll, 0, H), out: span(resetAll, 0, H) }, H, T * N);
  const wHrzT = transposedColumns(memory, wHh, 0, 2 * H);
  const wHnT = transposedColumns(memory, wHh, 2 * H, H);
  // Pre-activation gradients (r, z, n) of every step for dx, dwIh and dbias; the same values kept
  // apart, each step's rows contiguous, for the per-step products and the two halves of dwHh.
  const dA = memory.alloc([T, N, G]);
  const dArz = memory.alloc([T, N, 2 * H]);
  const dAn = memory.alloc([T, N, H]);
  // The carried gradient, updated in place step by step; it is the dh0 output.
  const dh = copyOf(memory, need(inputs, 'dh'));
  const direct = memory.alloc([N, H]);
  for (let v = order.length - 1; v >= 0; v--) {
    const t = order[v] as number;
    const at = t * N * G;
    const part = (info: TensorInfo, q: number): Span => span(info, at + q * H, G);
    const hPrev = span(hPrevAll, t * N * H, H);
    memory.run(GRU_RESET_BEFORE_BACKWARD_CANDIDATE[kind], {
      z: part(gates, 1), n: part(gates, 2), hPrev, dy: span(dy, t * N * H, H), dh: span(dh, 0, H),
      dxz: part(dA, 1), dxn: part(dA, 2), daz: span(dArz, t * N * 2 * H + H, 2 * H), dan: span(dAn, t * N * H, H),
      direct: span(direct, 0, H), keep: keeps.at(t),
    }, H, N);
    const danStep = memory.alias(dAn, t * N * H, [N, H]);
    const drh = memory.matMul(danStep, wHnT);
    memory.dropAlias(danStep);
    memory.run(GRU_RESET_BEFORE_BACKWARD_RESET[kind], {
      r: part(gates, 0), hPrev, drh: span(drh, 0, H), dxr: part(dA, 0), dar: span(dArz, t * N * 2 * H, 2 * H), direct: span(direct, 0, H),
    }, H, N);
    memory.free(drh);
    const darzStep = memory.alias(dArz, t * N * 2 * H, [N, 2 * H]);
    const throughGates = memory.matMul(darzStep, wHrzT);
    memory.dropAlias(darzStep);
    memory.run(ADD, { a: span(throughGates, 0, 0), b: span(direct, 0, 0), out: span(dh, 0, 0) }, N * H, 1);
    memory.free(throughGates);
  }
  memory.free(direct);
  keeps.free();
  const dx = reshaped(inputGrad(memory, dA, need(inputs, 'wIh')), [T, N, x.shape[2] ?? 0]);
  const dAT = gradientT(memory, dA);
  memory.free(dA);
  const dwIh = weightGradT(memory, dAT, x);
  const dbias = biasGradT(memory, dAT);
  memory.free(dAT);
  const dwHh = joinColumns(memory, weightGrad(memory, dArz, hPrevAll), weightGrad(memory, dAn, resetAll));
  memory.free(hPrevAll);
  memory.free(resetAll);
  return { dx, dh0: dh, dwIh, dwHh, dbias };
}

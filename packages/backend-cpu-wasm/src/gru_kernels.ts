// The GRU (reset after the matmul) sequence operation and its backward pass: per step the
// backend's matmul and sigmoid, and the step's gate arithmetic as span kernels (span_kernels.ts).
// With Keras' hard sigmoid as the gate function, r and z come from the HARD_SIGMOID span kernel.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { AttrValues, GATED_SEQUENCE_ATTRS, GATED_SEQUENCE_FORWARD_ATTRS, GruGradInput, GruGradOf, GruInput, GruOutput, GruWorkspace, OpInputs, OpOutputs } from '@rnnkit/ops';
import type { KernelMemory } from './kernel_memory.js';
import type { Span } from './kernel_memory.js';
import { reshaped, span } from './kernel_memory.js';
import { ADD, COPY, GRU_BACKWARD, GRU_CANDIDATE, GRU_HIDDEN, GRU_REBUILD, TANH_FROM } from './span_kernels.js';
import { biasGradT, copyOf, gradientT, inputGrad, keepSpans, need, projectAll, squashGates, transposedWeight, visitOrder, weightGradT } from './kernel_helpers.js';

/**
 * Outputs y, h_n, gates (r, z, n) and hns (W_hn h + b_hn), as the portable operation; the hidden
 * state is kept for one step only (the backward pass rebuilds the others). Without a gradient
 * tape the gates and hns outputs are empty and never written.
 */
export function gruForward(
  memory: KernelMemory,
  inputs: OpInputs<GruInput, TensorInfo>,
  attrs: AttrValues<typeof GATED_SEQUENCE_FORWARD_ATTRS>,
): OpOutputs<GruOutput | GruWorkspace, TensorInfo> {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const wHh = need(inputs, 'wHh');
  const [T = 0, N = 0] = x.shape;
  const G = wHh.shape[1] ?? 0;
  const H = G / 3;
  const order = visitOrder(T, attrs);
  const keeps = keepSpans(memory, need(inputs, 'mask'), attrs, N);
  const recording = attrs.workspace;
  // Both biases of r and z, and b_in, ride on the input projection; b_hn on the recurrent
  // product, where the reset gate scales it.
  // Prepared once per bias data: inference calls reuse them.
  const biases = [need(inputs, 'bIh'), need(inputs, 'bHh')];
  const shift = (kind: string, entry: (bIh: number, bHh: number, q: number) => number): TensorInfo =>
    memory.prepared(biases, kind, () => {
      const out = memory.alloc([G]);
      memory.access([...biases, out], (bIh, bHh, values) => {
        for (let q = 0; q < G; q++) values[q] = entry(bIh[q] as number, bHh[q] as number, q);
      });
      return out;
    });
  const inputShift = shift(`gru input shift ${H}`, (bIh, bHh, q) => (q < 2 * H ? bIh + bHh : bIh));
  const recurrentShift = shift(`gru recurrent shift ${H}`, (_bIh, bHh, q) => (q < 2 * H ? 0 : bHh));
  const xw = projectAll(memory, x, need(inputs, 'wIh'), inputShift);
  const y = memory.alloc([T, N, H]);
  const gates = memory.alloc(recording ? [T, N, G] : [0]);
  const hns = memory.alloc(recording ? [T, N, H] : [0]);
  // The carried hidden state: read by the step's matmul before the step overwrites it.
  const hCur = copyOf(memory, h0);
  // Pre-activations of r and z, then twice the candidate's: all squashing runs as the backend's
  // vectorised sigmoid, with tanh(v) = 2 sigmoid(2v) - 1.
  const preRz = memory.alloc([N, 2 * H]);
  const preN = memory.alloc([N, H]);
  for (const t of order) {
    const keep = keeps.at(t);
    const at = t * N * G;
    const hw = memory.affine(hCur, wHh, recurrentShift);
    memory.run(ADD, { a: span(xw, at, G), b: span(hw, 0, G), out: span(preRz, 0, 2 * H) }, 2 * H, N);
    const rz = squashGates(memory, attrs.gateActivation, preRz);
    memory.run(GRU_CANDIDATE, { xn: span(xw, at + 2 * H, G), r: span(rz, 0, 2 * H), hn: span(hw, 2 * H, G), out: span(preN, 0, H) }, H, N);
    if (recording) memory.run(COPY, { a: span(hw, 2 * H, G), out: span(hns, t * N * H, H) }, H, N);
    memory.free(hw);
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
  memory.free(preN);
  memory.free(xw);
  keeps.free();
  return { y, h: hCur, gates, hns };
}

/** The weight and bias gradients of a (T, N, G) pre-activation gradient `dz`, which it frees, and the (T, N, K) operand `a`. */
function weightAndBiasGrads(memory: KernelMemory, dz: TensorInfo, a: TensorInfo): [TensorInfo, TensorInfo] {
  const dzT = gradientT(memory, dz);
  memory.free(dz);
  const grads: [TensorInfo, TensorInfo] = [weightGradT(memory, dzT, a), biasGradT(memory, dzT)];
  memory.free(dzT);
  return grads;
}

/**
 * The state each step started from, (T, N, H) in step order, rebuilt along the visiting order
 * from the saved z and n: `h' = n + z (h - n)` at valid steps, held past a sample's length.
 */
export function rebuildPrevious(memory: KernelMemory, h0: TensorInfo, gates: TensorInfo, keeps: { at(t: number): Span }, order: readonly number[]): TensorInfo {
  const [T = 0, N = 0, G = 0] = gates.shape;
  const H = G / 3;
  const out = memory.alloc([T, N, H]);
  const carried = copyOf(memory, h0);
  for (const t of order) {
    memory.run(COPY, { a: span(carried, 0, 0), out: span(out, t * N * H, 0) }, N * H, 1);
    memory.run(GRU_REBUILD, { z: span(gates, t * N * G + H, G), n: span(gates, t * N * G + 2 * H, G), h: span(carried, 0, H), keep: keeps.at(t) }, H, N);
  }
  memory.free(carried);
  return out;
}

/** Outputs dx, dh0, dwIh, dwHh, dbIh, dbHh, as the portable operation. */
export function gruBackward(
  memory: KernelMemory,
  inputs: OpInputs<GruGradInput, TensorInfo>,
  attrs: AttrValues<typeof GATED_SEQUENCE_ATTRS>,
): OpOutputs<`d${GruGradOf}`, TensorInfo> {
  const x = need(inputs, 'x');
  const h0 = need(inputs, 'h0');
  const gates = need(inputs, 'gates');
  const hns = need(inputs, 'hns');
  const dy = need(inputs, 'dy');
  const [T = 0, N = 0] = x.shape;
  const G = need(inputs, 'wHh').shape[1] ?? 0;
  const H = G / 3;
  const order = visitOrder(T, attrs);
  const keeps = keepSpans(memory, need(inputs, 'mask'), attrs, N);
  const hPrevAll = rebuildPrevious(memory, h0, gates, keeps, order);
  const wHhT = transposedWeight(memory, need(inputs, 'wHh'));
  const dXw = memory.alloc([T, N, G]);
  const dHw = memory.alloc([T, N, G]);
  // The carried gradient, updated in place step by step; it is the dh0 output.
  const dh = copyOf(memory, need(inputs, 'dh'));
  const stepBackward = GRU_BACKWARD[attrs.gateActivation];
  const direct = memory.alloc([N, H]);
  for (let v = order.length - 1; v >= 0; v--) {
    const t = order[v] as number;
    const at = t * N * G;
    const part = (info: TensorInfo, q: number): Span => span(info, at + q * H, G);
    const keep = keeps.at(t);
    memory.run(stepBackward, {
      r: part(gates, 0), z: part(gates, 1), n: part(gates, 2),
      hn: span(hns, t * N * H, H), hPrev: span(hPrevAll, t * N * H, H), dy: span(dy, t * N * H, H), dh: span(dh, 0, H),
      dxr: part(dXw, 0), dxz: part(dXw, 1), dxn: part(dXw, 2),
      dhr: part(dHw, 0), dhz: part(dHw, 1), dhn: part(dHw, 2),
      direct: span(direct, 0, H),
      keep,
    }, H, N);
    const dhwStep = memory.alias(dHw, at, [N, G]);
    const dhPrev = memory.matMul(dhwStep, wHhT);
    memory.dropAlias(dhwStep);
    memory.run(ADD, { a: span(dhPrev, 0, 0), b: span(direct, 0, 0), out: span(dh, 0, 0) }, N * H, 1);
    memory.free(dhPrev);
  }
  memory.free(direct);
  keeps.free();
  const dx = reshaped(inputGrad(memory, dXw, need(inputs, 'wIh')), [T, N, x.shape[2] ?? 0]);
  const [dwIh, dbIh] = weightAndBiasGrads(memory, dXw, x);
  const [dwHh, dbHh] = weightAndBiasGrads(memory, dHw, hPrevAll);
  memory.free(hPrevAll);
  return { dx, dh0: dh, dwIh, dwHh, dbIh, dbHh };
}

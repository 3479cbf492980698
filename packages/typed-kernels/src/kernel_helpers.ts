// Pieces shared by the typed-array sequence kernels.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { WORKSPACE_ATTR } from '@rnnkit/ops';
import type { KernelMemory, Span } from './kernel_memory.js';
import { reshaped, span } from './kernel_memory.js';


/** Reads a kernel input the operation always passes. */
export function need(inputs: Record<string, TensorInfo | undefined>, name: string): TensorInfo {
  const info = inputs[name];
  if (info === undefined) throw new Error(`typed-kernels: missing input ${name}`);
  return info;
}

/** Step indices in the order the recurrence visits them. */
export function visitOrder(steps: number, attrs: NamedAttrMap): number[] {
  const reverse = attrs['reverse'] === true;
  return Array.from({ length: steps }, (_, k) => (reverse ? steps - 1 - k : k));
}

/** Whether the forward operation must write the workspace the backward pass reads. */
export function wantsWorkspace(attrs: NamedAttrMap): boolean {
  return attrs[WORKSPACE_ATTR] !== false;
}

/** The (T * N) per-step-and-sample keep flags: 1 inside each length, 0 past it. */
export function keepFlags(memory: KernelMemory, mask: TensorInfo, attrs: NamedAttrMap): Float32Array | null {
  return attrs['masked'] === true ? Float32Array.from(memory.view(mask)) : null;
}

/** A new buffer holding `values`. */
export function bufferOf(memory: KernelMemory, shape: number[], values: Float32Array): TensorInfo {
  const info = memory.alloc(shape);
  memory.view(info).set(values);
  return info;
}

/**
 * The state each step started from, laid out (T, N, F) in step order: `first` for the first
 * visited step, else the saved state of the previously visited step.
 */
export function previousStates(memory: KernelMemory, first: TensorInfo, states: TensorInfo, order: readonly number[]): TensorInfo {
  const [steps = 0, batch = 0, features = 0] = states.shape;
  const out = memory.alloc([steps, batch, features]);
  const target = memory.view(out);
  const source = memory.view(states);
  const initial = memory.view(first);
  const block = batch * features;
  order.forEach((t, k) => {
    const previous = order[k - 1];
    if (previous === undefined) target.set(initial.subarray(0, block), t * block);
    else target.set(source.subarray(previous * block, (previous + 1) * block), t * block);
  });
  return out;
}

/**
 * `A^T @ B` over all steps for (T, N, K) `a` and (T, N, G) `b`: a weight gradient summed over
 * steps, with an explicit transpose (the backend's fast path).
 */
export function weightGrad(memory: KernelMemory, a: TensorInfo, b: TensorInfo): TensorInfo {
  const [steps = 0, batch = 0, k = 0] = a.shape;
  const g = b.shape[2] ?? 0;
  const aT = memory.transpose(reshaped(a, [steps * batch, k]));
  const out = memory.matMul(aT, reshaped(b, [steps * batch, g]));
  memory.free(aT);
  return out;
}

/** `dz @ w^T` for all steps: (T, N, G) x (K, G)^T -> (T, N, K). */
export function inputGrad(memory: KernelMemory, dz: TensorInfo, w: TensorInfo): TensorInfo {
  const [steps = 0, batch = 0, g = 0] = dz.shape;
  const wT = memory.transpose(w);
  const out = memory.matMul(reshaped(dz, [steps * batch, g]), wT);
  memory.free(wT);
  return reshaped(out, [steps, batch, w.shape[0] ?? 0]);
}

/** `x @ w (+ shift)` for all steps: (T, N, I) x (I, G) -> (T * N, G). */
export function projectAll(memory: KernelMemory, x: TensorInfo, w: TensorInfo, shift?: TensorInfo): TensorInfo {
  const [steps = 0, batch = 0, features = 0] = x.shape;
  const flat = reshaped(x, [steps * batch, features]);
  return shift === undefined ? memory.matMul(flat, w) : memory.affine(flat, w, shift);
}

/**
 * Writes the (rows, columns) matrix `source` transposed into rows `firstRow..firstRow+columns` of
 * `target`, whose rows are `rows` long.
 */
export function writeTransposed(target: Float32Array, firstRow: number, source: Float32Array, rows: number, columns: number): void {
  for (let e = 0; e < rows; e++) {
    const from = e * columns;
    for (let c = 0; c < columns; c++) target[(firstRow + c) * rows + e] = source[from + c] as number;
  }
}

/**
 * The weight gradients of two stacked weight matrices that multiplied one operand `[a | b]`:
 * `operandT` is that operand transposed, (A + B, rows), and `dz` (rows, G) the gradient of the
 * product. One matmul; its first `splitAt` rows are a's gradient, the rest b's.
 */
export function stackedWeightGrads(memory: KernelMemory, operandT: TensorInfo, dz: TensorInfo, splitAt: number): [TensorInfo, TensorInfo] {
  const [k = 0, rows = 0] = operandT.shape;
  const g = dz.shape[dz.shape.length - 1] ?? 0;
  const both = memory.matMul(operandT, reshaped(dz, [rows, g]));
  const first = memory.alloc([splitAt, g]);
  const second = memory.alloc([k - splitAt, g]);
  const B = memory.view(both);
  memory.view(first).set(B.subarray(0, splitAt * g));
  memory.view(second).set(B.subarray(splitAt * g, k * g));
  memory.free(both);
  return [first, second];
}

/**
 * The per-row keep flags of each step as a span kernel reads them: the mask's (N) flags of step
 * t, or, without masking, one buffer holding 1 read by every row.
 */
export function keepSpans(memory: KernelMemory, mask: TensorInfo, attrs: NamedAttrMap, batch: number): { at(t: number): Span; free(): void } {
  if (attrs['masked'] === true) return { at: (t) => span(mask, t * batch, 1), free: () => undefined };
  const ones = bufferOf(memory, [1], new Float32Array([1]));
  return { at: () => span(ones, 0, 0), free: () => memory.free(ones) };
}

/**
 * Sums a (T, N, G) gradient over its rows, the gradient of a per-step bias, as a product with a
 * row of ones: the backend packs the gradient once for the weight-gradient product and reuses it.
 */
export function columnSums(memory: KernelMemory, dz: TensorInfo): TensorInfo {
  const g = dz.shape[dz.shape.length - 1] ?? 0;
  const rows = dz.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const ones = memory.alloc([1, rows]);
  memory.view(ones).fill(1);
  const sums = memory.matMul(ones, reshaped(dz, [rows, g]));
  memory.free(ones);
  return reshaped(sums, [g]);
}

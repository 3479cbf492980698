// Pieces shared by the typed-array sequence kernels.
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelMemory, Span } from './kernel_memory.js';
import { reshaped, sizeOf, span } from './kernel_memory.js';
import { DOUBLE } from './span_kernels.js';


/** Reads a kernel input the operation always passes. */
export function need(inputs: Record<string, TensorInfo | undefined>, name: string): TensorInfo {
  const info = inputs[name];
  if (info === undefined) throw new Error(`backend-cpu-wasm: missing input ${name}`);
  return info;
}

/** Step indices in the order the recurrence visits them. */
export function visitOrder(steps: number, attrs: NamedAttrMap): number[] {
  const reverse = attrs['reverse'] === true;
  return Array.from({ length: steps }, (_, k) => (reverse ? steps - 1 - k : k));
}

/** A new buffer holding `values` (which may be a view of another buffer). */
export function bufferOf(memory: KernelMemory, shape: number[], values: Float32Array): TensorInfo {
  // alloc may grow the wasm heap, which detaches every view of it, `values` included: copy first.
  const copy = values.slice();
  const info = memory.alloc(shape);
  memory.view(info).set(copy);
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
 * The per-row keep flags of each step as a span kernel reads them: the mask's (N) flags of step
 * t, or, without masking, one buffer holding 1 read by every row.
 */
export function keepSpans(memory: KernelMemory, mask: TensorInfo, attrs: NamedAttrMap, batch: number): { at(t: number): Span; free(): void } {
  if (attrs['masked'] === true) return { at: (t) => span(mask, t * batch, 1), free: () => undefined };
  const ones = bufferOf(memory, [1], new Float32Array([1]));
  return { at: () => span(ones, 0, 0), free: () => memory.free(ones) };
}

/**
 * A (T, N, G) gradient of per-step pre-activations, transposed once to (G, T * N) for the weight
 * and bias gradients: the backend's matmul packs its right operand anew for every fresh tensor,
 * and with the gradient on the left it packs the smaller activation instead.
 */
export function gradientT(memory: KernelMemory, dz: TensorInfo): TensorInfo {
  const g = dz.shape[dz.shape.length - 1] ?? 0;
  return memory.transpose(reshaped(dz, [sizeOf(dz.shape) / g, g]));
}

/** The weight gradient `a^T dz` summed over steps, (K, G), as `(dz^T a)^T` from `dzT` (gradientT) and a (T, N, K) `a`. */
export function weightGradT(memory: KernelMemory, dzT: TensorInfo, a: TensorInfo): TensorInfo {
  const k = a.shape[a.shape.length - 1] ?? 0;
  const product = memory.matMul(dzT, reshaped(a, [sizeOf(a.shape) / k, k]));
  const grad = memory.transpose(product);
  memory.free(product);
  return grad;
}

/** The gradient of a per-step bias, (G): the row sums of `dzT` (gradientT), as a product with a column of ones. */
export function biasGradT(memory: KernelMemory, dzT: TensorInfo): TensorInfo {
  const [g = 0, rows = 0] = dzT.shape;
  const ones = memory.alloc([rows, 1]);
  memory.view(ones).fill(1);
  const sums = memory.matMul(dzT, ones);
  memory.free(ones);
  return reshaped(sums, [g]);
}

/** Rows `[0, at)` and `[at, end)` of a 2-D buffer as two new buffers; frees the whole. */
export function splitRows(memory: KernelMemory, whole: TensorInfo, at: number): [TensorInfo, TensorInfo] {
  const [rows = 0, columns = 0] = whole.shape;
  const first = memory.alloc([at, columns]);
  const second = memory.alloc([rows - at, columns]);
  const W = memory.view(whole);
  memory.view(first).set(W.subarray(0, at * columns));
  memory.view(second).set(W.subarray(at * columns, rows * columns));
  memory.free(whole);
  return [first, second];
}

/**
 * A copy of a (rows, columns) matrix, or a (columns) vector, with columns `[first, first +
 * count)` doubled: a product with it comes out doubled there, for tanh(v) = 2 sigmoid(2v) - 1.
 * Doubling is exact in float32, and so is every sum of doubled terms.
 */
export function withColumnsDoubled(memory: KernelMemory, w: TensorInfo, first: number, count: number): TensorInfo {
  const columns = w.shape[w.shape.length - 1] ?? 0;
  const out = bufferOf(memory, [...w.shape], memory.view(w));
  memory.run(DOUBLE, { a: span(w, first, columns), out: span(out, first, columns) }, count, sizeOf(w.shape) / columns);
  return out;
}

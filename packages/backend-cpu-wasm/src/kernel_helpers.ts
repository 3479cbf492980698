// Pieces shared by the typed-array sequence kernels.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelMemory, Span } from './kernel_memory.js';
import { reshaped, sizeOf, span } from './kernel_memory.js';
import type { GateActivation } from '@rnnkit/ops';
import { DOUBLE, HARD_SIGMOID } from './span_kernels.js';


/**
 * Reads input `name` of a kernel's typed inputs (`fusedKernelConfig` has checked that every
 * input of the operation's spec is there); a name outside the spec does not compile.
 */
export function need<I extends object>(inputs: I, name: keyof I & string): TensorInfo {
  const info: unknown = inputs[name];
  if (info === undefined) throw new Error(`backend-cpu-wasm: missing input ${name}`);
  return info as TensorInfo;
}

/** Step indices in the order the recurrence visits them. */
export function visitOrder(steps: number, attrs: { readonly reverse: boolean }): number[] {
  const reverse = attrs.reverse;
  return Array.from({ length: steps }, (_, k) => (reverse ? steps - 1 - k : k));
}

/** A new buffer holding `values`, an array off the heap. */
export function bufferOf(memory: KernelMemory, shape: number[], values: ArrayLike<number>): TensorInfo {
  const info = memory.alloc(shape);
  memory.access([info], (target) => target.set(values));
  return info;
}

/** A new buffer holding a copy of `info`'s contents: allocated first, then both viewed. */
export function copyOf(memory: KernelMemory, info: TensorInfo): TensorInfo {
  const out = memory.alloc([...info.shape]);
  memory.access([info, out], (source, target) => target.set(source));
  return out;
}

/**
 * The state each step started from, laid out (T, N, F) in step order: `first` for the first
 * visited step, else the saved state of the previously visited step.
 */
export function previousStates(memory: KernelMemory, first: TensorInfo, states: TensorInfo, order: readonly number[]): TensorInfo {
  const [steps = 0, batch = 0, features = 0] = states.shape;
  const out = memory.alloc([steps, batch, features]);
  const block = batch * features;
  memory.access([out, states, first], (target, source, initial) =>
    order.forEach((t, k) => {
      const previous = order[k - 1];
      if (previous === undefined) target.set(initial.subarray(0, block), t * block);
      else target.set(source.subarray(previous * block, (previous + 1) * block), t * block);
    }),
  );
  return out;
}

/** A weight's transpose, prepared once per weight data (KernelMemory.prepared): never free it. */
export function transposedWeight(memory: KernelMemory, w: TensorInfo): TensorInfo {
  return memory.prepared([w], 'transpose', () => memory.transpose(w));
}

/** `dz @ w^T` for all steps: (T, N, G) x (K, G)^T -> (T, N, K). */
export function inputGrad(memory: KernelMemory, dz: TensorInfo, w: TensorInfo): TensorInfo {
  const [steps = 0, batch = 0, g = 0] = dz.shape;
  const out = memory.matMul(reshaped(dz, [steps * batch, g]), transposedWeight(memory, w));
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
export function keepSpans(memory: KernelMemory, mask: TensorInfo, attrs: { readonly masked: boolean }, batch: number): { at(t: number): Span; free(): void } {
  if (attrs.masked) return { at: (t) => span(mask, t * batch, 1), free: () => undefined };
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
  memory.access([ones], (values) => values.fill(1));
  const sums = memory.matMul(dzT, ones);
  memory.free(ones);
  return reshaped(sums, [g]);
}

/** Rows `[0, at)` and `[at, end)` of a 2-D buffer as two new buffers; frees the whole. */
export function splitRows(memory: KernelMemory, whole: TensorInfo, at: number): [TensorInfo, TensorInfo] {
  const [rows = 0, columns = 0] = whole.shape;
  const first = memory.alloc([at, columns]);
  const second = memory.alloc([rows - at, columns]);
  memory.access([whole, first, second], (W, top, bottom) => {
    top.set(W.subarray(0, at * columns));
    bottom.set(W.subarray(at * columns, rows * columns));
  });
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
  const out = copyOf(memory, w);
  memory.run(DOUBLE, { a: span(w, first, columns), out: span(out, first, columns) }, count, sizeOf(w.shape) / columns);
  return out;
}

/** The gates of pre-activations `pre` squashed by `kind` (the backend's sigmoid, or Keras' hard sigmoid), in a new buffer. */
export function squashGates(memory: KernelMemory, kind: GateActivation, pre: TensorInfo): TensorInfo {
  if (kind === 'sigmoid') return memory.sigmoid(pre);
  const out = memory.alloc([...pre.shape]);
  memory.run(HARD_SIGMOID, { a: span(pre, 0, 0), out: span(out, 0, 0) }, sizeOf(pre.shape), 1);
  return out;
}

// What the typed-array kernels need from a backend: allocate, view, alias and free float32
// buffers, and call the backend's own matmul and transpose on them.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { SpanKernel } from './span_compiler.js';

/** Rows of a buffer a span kernel reads or writes: the first row's element offset and the row stride. */
export interface Span {
  readonly info: TensorInfo;
  readonly offset: number;
  readonly stride: number;
}

/** A backend's tensor memory as the cpu and wasm kernels see it: allocate, view and run compiled span loops over buffers. */
export interface KernelMemory {
  /** A new zero-filled float32 buffer. */
  alloc(shape: number[]): TensorInfo;
  /** A float32 view of the buffer's current contents. Re-take it after any alloc or matmul. */
  view(info: TensorInfo): Float32Array;
  /** A tensor aliasing `size(shape)` elements of `info` starting at element `offset`. */
  alias(info: TensorInfo, offset: number, shape: number[]): TensorInfo;
  /** Drops an alias without touching the memory it shares. */
  dropAlias(info: TensorInfo): void;
  /** Frees a buffer made by alloc, matMul or transpose. */
  free(info: TensorInfo): void;
  /** `a @ b` for 2-D operands, by the backend's own kernel; a new buffer. */
  matMul(a: TensorInfo, b: TensorInfo): TensorInfo;
  /** `a @ b + bias` for 2-D operands and a (b's columns) bias; a new buffer. */
  affine(a: TensorInfo, b: TensorInfo, bias: TensorInfo): TensorInfo;
  /** The transpose of a 2-D tensor; a new buffer. */
  transpose(a: TensorInfo): TensorInfo;
  /** The logistic function of every element; a new buffer (the backend's vectorised kernel). */
  sigmoid(a: TensorInfo): TensorInfo;
  /** Runs a span kernel over `rows` rows of `count` elements; `spans` names every span it has. */
  run(kernel: SpanKernel, spans: Readonly<Record<string, Span>>, count: number, rows: number): void;
}

/** A span of `info` from element `offset`, rows `stride` elements apart. */
export function span(info: TensorInfo, offset: number, stride: number): Span {
  return { info, offset, stride };
}

/** Elements of a tensor of this shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The same data seen with another shape of the same size (no copy). */
export function reshaped(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

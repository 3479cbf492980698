// What the typed-array kernels need from a backend: allocate, view, alias and free float32
// buffers, and call the backend's own matmul and transpose on them. Views exist only inside
// `access`, where nothing can be allocated: an allocation may grow the wasm heap, which
// detaches every view taken before it.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { SpanKernel } from './span_compiler.js';

/** Rows of a buffer a span kernel reads or writes: the first row's element offset and the row stride. */
export interface Span {
  readonly info: TensorInfo;
  readonly offset: number;
  readonly stride: number;
}

export interface KernelMemory {
  /** A new zero-filled float32 buffer. */
  alloc(shape: number[]): TensorInfo;
  /**
   * Runs `body` with float32 views of the buffers' current contents and returns what it returns.
   * Inside it every allocating method (alloc, alias, prepared, matMul, affine, transpose, sigmoid) throws,
   * and the views must not outlive it: the next allocation may move the heap under them.
   */
  access<R>(infos: readonly TensorInfo[], body: (...views: Float32Array[]) => R): R;
  /** A tensor aliasing `size(shape)` elements of `info` starting at element `offset`. */
  alias(info: TensorInfo, offset: number, shape: number[]): TensorInfo;
  /**
   * The buffer `make()` computes from `sources` alone (a weight's doubled columns or transpose),
   * made once per sources' data and freed when any of that data is released: never free it.
   * `kind` names the computation, different for different ones on the same sources.
   */
  prepared(sources: readonly TensorInfo[], kind: string, make: () => TensorInfo): TensorInfo;
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

/** A backend's buffers with raw views, as backend_memory.ts implements them. */
export type RawMemory = Omit<KernelMemory, 'access'> & {
  /** A float32 view of the buffer's current contents, valid until the next allocation. */
  view(info: TensorInfo): Float32Array;
};

/**
 * `raw` with its views confined to `access` scopes, inside which allocating throws: holding a
 * view across an allocation, which on wasm may grow and detach the heap, cannot happen unnoticed.
 */
export function scopedViews(raw: RawMemory): KernelMemory {
  let open = 0;
  const allocating = <A extends unknown[], R>(name: string, f: (...args: A) => R) =>
    (...args: A): R => {
      if (open > 0) throw new Error(`backend-cpu-wasm: ${name} inside a view scope (an allocation may detach its views)`);
      return f(...args);
    };
  return {
    alloc: allocating('alloc', raw.alloc),
    alias: allocating('alias', raw.alias),
    prepared: allocating('prepared', raw.prepared),
    dropAlias: raw.dropAlias,
    free: raw.free,
    matMul: allocating('matMul', raw.matMul),
    affine: allocating('affine', raw.affine),
    transpose: allocating('transpose', raw.transpose),
    sigmoid: allocating('sigmoid', raw.sigmoid),
    run: raw.run,
    access: (infos, body) => {
      open++;
      try {
        return body(...infos.map((info) => raw.view(info)));
      } finally {
        open--;
      }
    },
  };
}

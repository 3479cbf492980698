// KernelMemory for the cpu backend (tensors are JS typed arrays) and the wasm backend (tensors
// live on the module's heap, so JS loops read and write them in place).
import { getKernel } from '@tensorflow/tfjs-core';
import { derivedFromData } from '@rnnkit/ops';
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { cpuInternals, wasmInternals } from './backend_internals.js';
import type { KernelMemory, RawMemory, Span } from './kernel_memory.js';
import { reshaped, scopedViews, sizeOf } from './kernel_memory.js';
import type { JsSpanKernel, SpanKernel } from './span_compiler.js';
import { compileSpanKernelJs, spanFunction } from './span_compiler.js';
import { TRANSPOSE, transposeJs } from './transpose_kernel.js';
import { encodeModule } from './wasm_encoding.js';
import { SPAN_KERNELS } from './span_kernels.js';

function backendKernel(name: string, backendName: string, backend: KernelBackend) {
  const kernel = getKernel(name, backendName);
  if (kernel === undefined) throw new Error(`backend-cpu-wasm: the ${backendName} backend has no ${name} kernel`);
  return (inputs: Record<string, TensorInfo>, attrs: Record<string, unknown>): TensorInfo =>
    kernel.kernelFunc({ inputs, backend, attrs: attrs as never }) as TensorInfo;
}

function spansInOrder(kernel: SpanKernel, spans: Readonly<Record<string, Span>>): Span[] {
  return kernel.spans.map((name) => {
    const s = spans[name];
    if (s === undefined) throw new Error(`backend-cpu-wasm: span kernel ${kernel.name} needs span ${name}`);
    return s;
  });
}

const jsKernels = new Map<string, JsSpanKernel>();

function jsKernel(kernel: SpanKernel): JsSpanKernel {
  let compiled = jsKernels.get(kernel.name);
  if (compiled === undefined) {
    compiled = compileSpanKernelJs(kernel);
    jsKernels.set(kernel.name, compiled);
  }
  return compiled;
}

/** One memory per backend instance: made on its first kernel call. */
const memories = new WeakMap<KernelBackend, KernelMemory>();

function memoryOf(backend: KernelBackend, make: (backend: KernelBackend) => RawMemory): KernelMemory {
  let memory = memories.get(backend);
  if (memory === undefined) {
    memory = scopedViews(make(backend));
    memories.set(backend, memory);
  }
  return memory;
}

export function cpuMemory(backend: KernelBackend): KernelMemory {
  return memoryOf(backend, cpuRawMemory);
}

function cpuRawMemory(backend: KernelBackend): RawMemory {
  const cpu = cpuInternals(backend);
  const matMul = backendKernel('BatchMatMul', 'cpu', backend);
  const transpose = backendKernel('Transpose', 'cpu', backend);
  const view = (info: TensorInfo): Float32Array => cpu.data.get(info.dataId).values as Float32Array;
  return {
    alloc: (shape) => cpu.makeTensorInfo(shape, 'float32', new Float32Array(sizeOf(shape))),
    view,
    alias: (info, offset, shape) => cpu.makeTensorInfo(shape, 'float32', view(info).subarray(offset, offset + sizeOf(shape))),
    dropAlias: (info) => cpu.disposeIntermediateTensorInfo(info),
    free: (info) => cpu.disposeIntermediateTensorInfo(info),
    prepared: (sources, kind, make) => derivedFromData(backend, sources, kind, make, (info) => cpu.disposeIntermediateTensorInfo(info)),
    matMul: (a, b) => {
      const out = matMul({ a, b }, { transposeA: false, transposeB: false });
      return { dataId: out.dataId, shape: [a.shape[0] ?? 0, b.shape[1] ?? 0], dtype: 'float32' };
    },
    affine: (a, b, bias) => {
      const out = matMul({ a, b }, { transposeA: false, transposeB: false });
      const values = view(out);
      const shift = view(bias);
      const columns = b.shape[1] ?? 0;
      for (let e = 0; e < values.length; e++) values[e] = (values[e] as number) + (shift[e % columns] as number);
      return { dataId: out.dataId, shape: [a.shape[0] ?? 0, columns], dtype: 'float32' };
    },
    transpose: (a) => transpose({ x: a }, { perm: [1, 0] }),
    sigmoid: (a) => {
      const source = view(a);
      const out = new Float32Array(source.length);
      for (let i = 0; i < source.length; i++) out[i] = 1 / (1 + Math.exp(-(source[i] as number)));
      return cpu.makeTensorInfo([...a.shape], 'float32', out);
    },
    run: (kernel, spans, count, rows) => {
      const ordered = spansInOrder(kernel, spans);
      jsKernel(kernel)(ordered.map((s) => view(s.info)), ordered.map((s) => s.offset), ordered.map((s) => s.stride), [], count, rows);
    },
  };
}

/** A span kernel called with byte addresses and row strides, then the count and the rows. */
export type AddressedSpanKernel = (...args: number[]) => void;

/** Our kernels over one wasm heap, addressed by byte. */
export interface HeapKernels {
  span(kernel: SpanKernel): AddressedSpanKernel;
  /** Writes the transpose of the (rows, columns) matrix at `source` to `target`. */
  transpose(source: number, target: number, rows: number, columns: number): void;
}

/** The module compiled once; instantiated once per wasm heap (a backend's memory). */
let heapModule: WebAssembly.Module | undefined;
const heapInstances = new WeakMap<WebAssembly.Memory, HeapKernels>();

/**
 * Our kernels over `memory`: the SIMD module instantiated on it, or, where it cannot import that
 * memory (a shared one, as the threaded wasm build uses in the browser), the same kernels in
 * JavaScript over a view of it, with the same arguments.
 */
export function heapKernelsOn(memory: WebAssembly.Memory): HeapKernels {
  let kernels = heapInstances.get(memory);
  if (kernels === undefined) {
    heapModule ??= new WebAssembly.Module(encodeModule([...SPAN_KERNELS.map(spanFunction), TRANSPOSE]));
    let exports: Record<string, AddressedSpanKernel> | undefined;
    try {
      exports = new WebAssembly.Instance(heapModule, { env: { memory } }).exports as Record<string, AddressedSpanKernel>;
    } catch {
      exports = undefined;
    }
    kernels = exports !== undefined ? wasmKernels(exports) : javaScriptKernels(memory);
    heapInstances.set(memory, kernels);
  }
  return kernels;
}

function exported(exports: Record<string, AddressedSpanKernel>, name: string): AddressedSpanKernel {
  const f = exports[name];
  if (f === undefined) throw new Error(`backend-cpu-wasm: no compiled kernel ${name}`);
  return f;
}

function wasmKernels(exports: Record<string, AddressedSpanKernel>): HeapKernels {
  return { span: (kernel) => exported(exports, kernel.name), transpose: exported(exports, TRANSPOSE.name) };
}

function javaScriptKernels(memory: WebAssembly.Memory): HeapKernels {
  // The heap may have grown since the last call: each call takes its view then.
  const heap = (): Float32Array => new Float32Array(memory.buffer);
  return {
    span: (kernel) => {
      const run = jsKernel(kernel);
      const spans = kernel.spans.length;
      return (...args) => {
        const view = heap();
        const offsets: number[] = [];
        const strides: number[] = [];
        for (let k = 0; k < spans; k++) {
          offsets.push((args[2 * k] as number) / 4);
          strides.push(args[2 * k + 1] as number);
        }
        run(offsets.map(() => view), offsets, strides, [], args[2 * spans] as number, args[2 * spans + 1] as number);
      };
    },
    transpose: (source, target, rows, columns) => transposeJs(heap(), source / 4, target / 4, rows, columns),
  };
}

export function wasmMemory(backend: KernelBackend): KernelMemory {
  return memoryOf(backend, wasmRawMemory);
}

function wasmRawMemory(backend: KernelBackend): RawMemory {
  const wasm = wasmInternals(backend);
  const matMul = backendKernel('BatchMatMul', 'wasm', backend);
  const sigmoid = backendKernel('Sigmoid', 'wasm', backend);
  const fusedMatMul = backendKernel('_FusedMatMul', 'wasm', backend);
  const address = (info: TensorInfo): number => wasm.dataIdMap.get(info.dataId).memoryOffset;
  const heap = heapKernelsOn(wasm.wasm.asm.memory);
  return {
    alloc: (shape) => {
      const info = wasm.makeOutput(shape, 'float32');
      // The heap is not zeroed by malloc.
      wasm.typedArrayFromHeap(info).fill(0);
      return info;
    },
    view: (info) => wasm.typedArrayFromHeap(info),
    // An alias is a tensor registered at an address inside another buffer, so the backend's own
    // kernels (matmul) read it in place; it must never be freed, only forgotten.
    alias: (info, offset, shape) => wasm.makeOutput(shape, 'float32', address(info) + 4 * offset),
    dropAlias: (info) => {
      const { id } = wasm.dataIdMap.get(info.dataId);
      wasm.dataIdMap.delete(info.dataId);
      wasm.wasm.tfjs.disposeData(id);
    },
    free: (info) => {
      wasm.disposeData(info.dataId);
    },
    prepared: (sources, kind, make) => derivedFromData(backend, sources, kind, make, (info) => wasm.disposeData(info.dataId)),
    matMul: (a, b) => {
      const out = matMul({ a, b }, { transposeA: false, transposeB: false });
      return { dataId: out.dataId, shape: [a.shape[0] ?? 0, b.shape[1] ?? 0], dtype: 'float32' };
    },
    // XNNPACK adds the bias while it multiplies; this kernel reads its operands as 3-D.
    affine: (a, b, bias) => {
      const rows = a.shape[0] ?? 0;
      const columns = b.shape[1] ?? 0;
      const out = fusedMatMul(
        { a: reshaped(a, [1, rows, a.shape[1] ?? 0]), b: reshaped(b, [1, b.shape[0] ?? 0, columns]), bias },
        { transposeA: false, transposeB: false, activation: 'linear' },
      );
      return reshaped(out, [rows, columns]);
    },
    // Our tiled transpose: the backend's own is several times slower on large matrices.
    transpose: (a) => {
      const [rows = 0, columns = 0] = a.shape;
      const out = wasm.makeOutput([columns, rows], 'float32');
      heap.transpose(address(a), address(out), rows, columns);
      return out;
    },
    sigmoid: (a) => sigmoid({ x: a }, {}),
    // Span kernels run in a module of our own that imports the backend's memory: SIMD loops over
    // the heap in place, addressed by byte.
    run: (kernel, spans, count, rows) => {
      const args: number[] = [];
      for (const s of spansInOrder(kernel, spans)) args.push(address(s.info) + 4 * s.offset, s.stride);
      heap.span(kernel)(...args, count, rows);
    },
  };
}

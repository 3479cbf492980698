// The span compiler's WebAssembly and JavaScript outputs against a plain reference computed here:
// every element of every row, the four-lane part and the remainder, row strides, per-row values,
// in-place updates, and nothing written outside the spans.
import { describe, expect, it } from '@jest/globals';
import type { SpanKernel } from './span_compiler.js';
import { add, bind, compileSpanKernelClosures, compileSpanKernelJs, load, max, min, mul, num, positive, ref, row, scalar, spanFunction, store, sub } from './span_compiler.js';
import { encodeModule } from './wasm_encoding.js';
import { heapKernelsOn } from './backend_memory.js';
import { COPY, SPAN_KERNELS } from './span_kernels.js';

// out = k (a b - 0.5) + (1 - k) out, and a = a + b: a per-row select and an in-place update.
const KERNEL: SpanKernel = {
  name: 'probe',
  spans: ['a', 'b', 'k', 'out'],
  scalars: [],
  body: [
    bind('p', sub(mul(load('a'), load('b')), num(0.5))),
    store('out', add(mul(row('k'), ref('p')), mul(sub(num(1), row('k')), load('out')))),
    store('a', add(load('a'), load('b'))),
  ],
};

interface Layout {
  count: number;
  rows: number;
  stride: number;
}

/** A module holding just these span kernels. */
const compileSpanKernelsWasm = (kernels: readonly SpanKernel[]): Uint8Array<ArrayBuffer> => encodeModule(kernels.map(spanFunction));

const SIZE = 256;
const BASE = { a: 0, b: 64, k: 128, out: 160 };
const SENTINEL = -7;

function initial(): Float32Array {
  const memory = new Float32Array(SIZE).fill(SENTINEL);
  for (let e = 0; e < 60; e++) {
    memory[BASE.a + e] = Math.fround(0.25 * e - 3);
    memory[BASE.b + e] = Math.fround(1.5 - 0.125 * e);
  }
  memory[BASE.k] = 1;
  memory[BASE.k + 1] = 0;
  memory[BASE.k + 2] = 1;
  return memory;
}

/** The reference: the same formula element by element, rounding to float32 after every operation. */
function reference({ count, rows, stride }: Layout): Float32Array {
  const m = initial();
  const f = Math.fround;
  for (let r = 0; r < rows; r++) {
    const k = m[BASE.k + r] as number;
    for (let e = 0; e < count; e++) {
      const a = m[BASE.a + r * stride + e] as number;
      const b = m[BASE.b + r * stride + e] as number;
      const p = f(f(a * b) - 0.5);
      const at = BASE.out + r * stride + e;
      m[at] = f(f(k * p) + f(f(1 - k) * (m[at] as number)));
      m[BASE.a + r * stride + e] = f(a + b);
    }
  }
  return m;
}

function runWasm({ count, rows, stride }: Layout): Float32Array {
  const memory = new WebAssembly.Memory({ initial: 1 });
  new Float32Array(memory.buffer).set(initial());
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(compileSpanKernelsWasm([KERNEL])), { env: { memory } });
  const probe = exports['probe'] as (...args: number[]) => void;
  probe(4 * BASE.a, stride, 4 * BASE.b, stride, 4 * BASE.k, 1, 4 * BASE.out, stride, count, rows);
  return new Float32Array(memory.buffer).slice(0, SIZE);
}

function runJs({ count, rows, stride }: Layout, compile = compileSpanKernelJs): Float32Array {
  const m = initial();
  compile(KERNEL)([m, m, m, m], [BASE.a, BASE.b, BASE.k, BASE.out], [stride, stride, 1, stride], [], count, rows);
  return m;
}

const LAYOUTS: Layout[] = [
  { count: 1, rows: 1, stride: 1 },
  { count: 4, rows: 1, stride: 4 },
  { count: 7, rows: 3, stride: 9 },
  { count: 9, rows: 3, stride: 13 },
  { count: 12, rows: 2, stride: 12 },
];

describe('span compiler', () => {
  for (const layout of LAYOUTS) {
    it(`wasm (SIMD) and JavaScript match the reference: ${layout.rows} rows of ${layout.count}, stride ${layout.stride}`, () => {
      const expected = Array.from(reference(layout));
      expect(Array.from(runWasm(layout))).toEqual(expected);
      expect(Array.from(runJs(layout))).toEqual(expected);
      // The closures, which need no eval (a strict Content-Security-Policy).
      expect(Array.from(runJs(layout, compileSpanKernelClosures))).toEqual(expected);
      // The reference itself wrote something and left the gaps between rows alone.
      expect(expected.filter((v) => v === SENTINEL).length).toBeLessThan(SIZE);
      if (layout.stride > layout.count) expect(expected[BASE.out + layout.count]).toBe(SENTINEL);
    });
  }

  it('compiles every kernel the sequence kernels use into one valid module', () => {
    const module = new WebAssembly.Module(compileSpanKernelsWasm(SPAN_KERNELS));
    const names = WebAssembly.Module.exports(module).map((e) => e.name);
    expect(names.sort()).toEqual(SPAN_KERNELS.map((k) => k.name).sort());
  });

  it('falls back to the JavaScript kernels on a memory the module cannot import (shared)', () => {
    for (const shared of [false, true]) {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared });
      const heap = new Float32Array(memory.buffer);
      heap.set([1, 2, 3, 4, 5, 6], 10);
      // Two rows of 3: from element 10 (stride 3) to element 40 (stride 4).
      heapKernelsOn(memory).span(COPY)(4 * 10, 3, 4 * 40, 4, 3, 2);
      expect(Array.from(heap.subarray(40, 47))).toEqual([1, 2, 3, 0, 4, 5, 6]);
    }
  });

  it('max, min and positive (the ReLU, a clip and a slope) match the reference, four-lane part and remainder', () => {
    const kernel: SpanKernel = {
      name: 'relu',
      spans: ['a', 'm', 'p', 'q'],
      scalars: [],
      body: [store('m', max(load('a'), num(0))), store('p', positive(load('a'))), store('q', min(load('a'), num(0.3)))],
    };
    const values = [-2, -0.5, 0, 0.25, 3, -1e-30, 1e-30, 7, -4, 5, 0, 0.3, 0.30000001];
    const count = values.length;
    const expectedMax = values.map((v) => (v > 0 ? v : 0)).map(Math.fround);
    const expectedPositive = values.map((v) => (v > 0 ? 1 : 0));
    const expectedMin = values.map((v) => Math.fround(v < Math.fround(0.3) ? Math.fround(v) : 0.3));
    const memory = new WebAssembly.Memory({ initial: 1 });
    const heap = new Float32Array(memory.buffer);
    heap.set(values, 0);
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(compileSpanKernelsWasm([kernel])), { env: { memory } });
    (exports['relu'] as (...args: number[]) => void)(0, 0, 4 * 16, 0, 4 * 32, 0, 4 * 48, 0, count, 1);
    expect(Array.from(heap.subarray(16, 16 + count))).toEqual(expectedMax);
    expect(Array.from(heap.subarray(32, 32 + count))).toEqual(expectedPositive);
    expect(Array.from(heap.subarray(48, 48 + count))).toEqual(expectedMin);
    const a = Float32Array.from(values);
    for (const compile of [compileSpanKernelJs, compileSpanKernelClosures]) {
      const m = new Float32Array(count);
      const p = new Float32Array(count);
      const q = new Float32Array(count);
      compile(kernel)([a, m, p, q], [0, 0, 0, 0], [0, 0, 0, 0], [], count, 1);
      expect(Array.from(m)).toEqual(expectedMax);
      expect(Array.from(p)).toEqual(expectedPositive);
      expect(Array.from(q)).toEqual(expectedMin);
    }
  });

  it('rejects a formula naming a span the kernel does not have', () => {
    const bad: SpanKernel = { name: 'bad', spans: ['a'], scalars: [], body: [store('a', load('b'))] };
    expect(() => compileSpanKernelsWasm([bad])).toThrow('span kernel bad: unknown span b');
    expect(() => compileSpanKernelJs(bad)).toThrow('span kernel bad: unknown span b');
    expect(() => compileSpanKernelClosures(bad)).toThrow('span kernel bad: unknown span b');
  });

  it('scalars and every kernel the sequence kernels use give the same numbers as closures and as source', () => {
    const scaled: SpanKernel = { name: 'scaled', spans: ['a', 'out'], scalars: ['k'], body: [store('out', mul(scalar('k'), load('a')))] };
    for (const kernel of [scaled, ...SPAN_KERNELS]) {
      const spans = kernel.spans.length;
      const inputs = (): Float32Array[] => kernel.spans.map((_, k) => Float32Array.from({ length: 40 }, (_v, e) => Math.fround(Math.sin(7 * k + e) * 0.9)));
      const viaSource = inputs();
      const viaClosures = inputs();
      const args = [new Array<number>(spans).fill(3), new Array<number>(spans).fill(11), kernel.scalars.map(() => 0.3), 9, 3] as const;
      compileSpanKernelJs(kernel)(viaSource, ...args);
      compileSpanKernelClosures(kernel)(viaClosures, ...args);
      expect(viaClosures.map((x) => Array.from(x))).toEqual(viaSource.map((x) => Array.from(x)));
    }
  });

  // Last in this file: the refusal it simulates is remembered for the rest of the process.
  it('falls back to closures where compiling source is refused (a strict Content-Security-Policy)', () => {
    const original = globalThis.Function;
    globalThis.Function = function refused(): never {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source");
    } as unknown as FunctionConstructor;
    try {
      const compiled = compileSpanKernelJs({ ...KERNEL, name: 'probeUnderCsp' });
      const layout = LAYOUTS[2] as Layout;
      const m = initial();
      compiled([m, m, m, m], [BASE.a, BASE.b, BASE.k, BASE.out], [layout.stride, layout.stride, 1, layout.stride], [], layout.count, layout.rows);
      expect(Array.from(m)).toEqual(Array.from(reference(layout)));
    } finally {
      globalThis.Function = original;
    }
  });
});

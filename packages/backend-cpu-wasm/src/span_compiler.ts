// Compiles element-wise formulas over rows of float32 spans, once into a WebAssembly module (a
// four-lane SIMD loop per row with a one-lane loop for the remainder, over a memory it imports:
// the wasm backend's heap) and once into JavaScript (for the cpu backend's typed arrays: generated
// source, or closures where a strict Content-Security-Policy forbids compiling source). The
// formulas are tiny, so a small encoder here replaces a compiler toolchain, and both backends run
// the same formula.

import type { WasmFunction } from './wasm_encoding.js';
import { F32, f32Bytes, F32_LOAD, F32_STORE, get, I32, I32_ADD, I32_AND, I32_GE_S, I32_GT_U, I32_MUL, i32, loopUntil, MEMARG, set, SIMD, V128 } from './wasm_encoding.js';

/** A formula over the current element of each span, its row's value of a per-row span, constants and scalars. */
export type Expr =
  | { readonly op: 'load'; readonly span: string }
  | { readonly op: 'row'; readonly span: string }
  | { readonly op: 'const'; readonly value: number }
  | { readonly op: 'scalar'; readonly name: string }
  | { readonly op: 'var'; readonly name: string }
  | { readonly op: 'add' | 'sub' | 'mul' | 'max' | 'min'; readonly a: Expr; readonly b: Expr }
  /** 1 where the value is above 0, else 0. */
  | { readonly op: 'positive'; readonly a: Expr };

/** A statement of a kernel's body: bind a value, or store one to a span. */
export type Statement =
  | { readonly kind: 'let'; readonly name: string; readonly value: Expr }
  | { readonly kind: 'store'; readonly span: string; readonly value: Expr };

/**
 * A kernel over `rows` rows of `count` elements. Each span is a float32 buffer seen from an
 * element offset with a row stride; `body` runs for every element, in order within a row.
 */
export interface SpanKernel {
  readonly name: string;
  readonly spans: readonly string[];
  readonly scalars: readonly string[];
  readonly body: readonly Statement[];
}

// Formula builders, so kernels read as arithmetic.
export const load = (span: string): Expr => ({ op: 'load', span });
export const row = (span: string): Expr => ({ op: 'row', span });
export const num = (value: number): Expr => ({ op: 'const', value });
export const scalar = (name: string): Expr => ({ op: 'scalar', name });
export const ref = (name: string): Expr => ({ op: 'var', name });
export const add = (a: Expr, b: Expr): Expr => ({ op: 'add', a, b });
export const sub = (a: Expr, b: Expr): Expr => ({ op: 'sub', a, b });
export const mul = (a: Expr, b: Expr): Expr => ({ op: 'mul', a, b });
export const max = (a: Expr, b: Expr): Expr => ({ op: 'max', a, b });
export const min = (a: Expr, b: Expr): Expr => ({ op: 'min', a, b });
export const positive = (a: Expr): Expr => ({ op: 'positive', a });
export const bind = (name: string, value: Expr): Statement => ({ kind: 'let', name, value });
export const store = (span: string, value: Expr): Statement => ({ kind: 'store', span, value });

function boundNames(kernel: SpanKernel): string[] {
  return [...new Set(kernel.body.flatMap((s) => (s.kind === 'let' ? [s.name] : [])))];
}

function check(kernel: SpanKernel): void {
  const known = new Set<string>();
  const visit = (e: Expr): void => {
    if ((e.op === 'load' || e.op === 'row') && !kernel.spans.includes(e.span)) throw new Error(`span kernel ${kernel.name}: unknown span ${e.span}`);
    if (e.op === 'scalar' && !kernel.scalars.includes(e.name)) throw new Error(`span kernel ${kernel.name}: unknown scalar ${e.name}`);
    if (e.op === 'var' && !known.has(e.name)) throw new Error(`span kernel ${kernel.name}: ${e.name} used before it is bound`);
    if (e.op === 'add' || e.op === 'sub' || e.op === 'mul' || e.op === 'max' || e.op === 'min') {
      visit(e.a);
      visit(e.b);
    }
    if (e.op === 'positive') visit(e.a);
  };
  for (const s of kernel.body) {
    visit(s.value);
    if (s.kind === 'let') known.add(s.name);
    else if (!kernel.spans.includes(s.span)) throw new Error(`span kernel ${kernel.name}: unknown span ${s.span}`);
  }
}

// ---- WebAssembly ----

interface Ops {
  readonly load: number[];
  readonly store: number[];
  readonly splat: number[];
  readonly add: number[];
  readonly sub: number[];
  readonly mul: number[];
  readonly max: number[];
  readonly min: number[];
  /** With the value and 0 on the stack: lanes above 0 become 1, the others 0. */
  readonly positive: number[];
}
const one = (splat: number[]): number[] => [0x43, ...f32Bytes(1), ...splat];
const VECTOR_OPS: Ops = {
  load: [SIMD, 0x00], store: [SIMD, 0x0b], splat: [SIMD, 0x13],
  add: [SIMD, 0xe4, 0x01], sub: [SIMD, 0xe5, 0x01], mul: [SIMD, 0xe6, 0x01], max: [SIMD, 0xe9, 0x01], min: [SIMD, 0xe8, 0x01],
  // f32x4.gt gives all-ones lanes; and-ing them with 1.0 leaves 1.0 or 0.
  positive: [SIMD, 0x44, ...one([SIMD, 0x13]), SIMD, 0x4e],
};
const SCALAR_OPS: Ops = {
  load: [F32_LOAD], store: [F32_STORE], splat: [],
  add: [0x92], sub: [0x93], mul: [0x94], max: [0x97], min: [0x96],
  // f32.gt gives an i32 0 or 1; f32.convert_i32_u makes it a float.
  positive: [0x5e, 0xb3],
};

/**
 * Parameters: per span its byte address and its row stride in elements, then the scalars, then
 * the elements per row and the row count. Locals: per span its row's byte address, the byte
 * offset within the row, the row's byte length and its four-lane part, the row index, then one
 * v128 and one f32 local per bound name.
 */
export function spanFunction(kernel: SpanKernel): WasmFunction {
  check(kernel);
  const S = kernel.spans.length;
  const address = (k: number): number => 2 * k;
  const stride = (k: number): number => 2 * k + 1;
  const scalarParam = (k: number): number => 2 * S + k;
  const countParam = 2 * S + kernel.scalars.length;
  const rowsParam = countParam + 1;
  const rowAddress = (k: number): number => rowsParam + 1 + k;
  const offset = rowsParam + 1 + S;
  const end = offset + 1;
  const vectorEnd = offset + 2;
  const rowIndex = offset + 3;
  const names = boundNames(kernel);
  const vectorVar = new Map(names.map((n, k) => [n, rowIndex + 1 + k]));
  const scalarVar = new Map(names.map((n, k) => [n, rowIndex + 1 + names.length + k]));
  const spanOf = (span: string): number => kernel.spans.indexOf(span);
  const elementAddress = (span: string): number[] => [...get(rowAddress(spanOf(span))), ...get(offset), I32_ADD];

  const elementLoop = (ops: Ops, vars: Map<string, number>, step: number, limit: number): number[] => {
    const expr = (e: Expr): number[] => {
      switch (e.op) {
        case 'load':
          return [...elementAddress(e.span), ...ops.load, ...MEMARG];
        case 'row':
          return [...get(rowAddress(spanOf(e.span))), ...SCALAR_OPS.load, ...MEMARG, ...ops.splat];
        case 'const':
          return [0x43, ...f32Bytes(e.value), ...ops.splat];
        case 'scalar':
          return [...get(scalarParam(kernel.scalars.indexOf(e.name))), ...ops.splat];
        case 'var':
          return get(vars.get(e.name) as number);
        case 'positive':
          return [...expr(e.a), 0x43, ...f32Bytes(0), ...ops.splat, ...ops.positive];
        default:
          return [...expr(e.a), ...expr(e.b), ...ops[e.op]];
      }
    };
    const body = kernel.body.flatMap((s) =>
      s.kind === 'let' ? [...expr(s.value), ...set(vars.get(s.name) as number)] : [...elementAddress(s.span), ...expr(s.value), ...ops.store, ...MEMARG],
    );
    // while (offset + step <= limit) { body; offset += step }
    return loopUntil([...get(offset), ...i32(step), I32_ADD, ...get(limit), I32_GT_U], [...body, ...get(offset), ...i32(step), I32_ADD, ...set(offset)]);
  };

  const start = kernel.spans.flatMap((_, k) => [...get(address(k)), ...set(rowAddress(k))]);
  const nextRow = kernel.spans.flatMap((_, k) => [...get(rowAddress(k)), ...get(stride(k)), ...i32(4), I32_MUL, I32_ADD, ...set(rowAddress(k))]);
  const code = [
    ...start,
    // end = count * 4; vectorEnd = end & ~15
    ...get(countParam), ...i32(4), I32_MUL, ...set(end),
    ...get(end), ...i32(-16), I32_AND, ...set(vectorEnd),
    // for (row = 0; row < rows; row++) { offset = 0; four-lane loop; one-lane loop; next row }
    ...loopUntil([...get(rowIndex), ...get(rowsParam), I32_GE_S], [
      ...i32(0), ...set(offset),
      ...elementLoop(VECTOR_OPS, vectorVar, 16, vectorEnd),
      ...elementLoop(SCALAR_OPS, scalarVar, 4, end),
      ...nextRow,
      ...get(rowIndex), ...i32(1), I32_ADD, ...set(rowIndex),
    ]),
  ];
  const params = [...kernel.spans.flatMap(() => [I32, I32]), ...kernel.scalars.map(() => F32), I32, I32];
  return { name: kernel.name, params, locals: [[S + 4, I32], [names.length, V128], [names.length, F32]], code };
}

// ---- JavaScript ----

/** A kernel as JavaScript: `(arrays, offsets, strides, scalars, count, rows) => void`. */
export type JsSpanKernel = (arrays: Float32Array[], offsets: number[], strides: number[], scalars: number[], count: number, rows: number) => void;

/** Whether this page lets us compile source (false under a Content-Security-Policy without 'unsafe-eval'). */
let evalAllowed: boolean | undefined;

/**
 * The same kernel as a JavaScript function over typed arrays (the cpu backend's buffers, or a
 * shared wasm heap): compiled from generated source, which keeps the loop free of interpretation
 * like the wasm one; where the page forbids compiling source (a strict Content-Security-Policy
 * refuses `new Function`), the same formulas as closures ({@link compileSpanKernelClosures}).
 * The first refusal is remembered, so a page reports one violation, not one per kernel.
 */
export function compileSpanKernelJs(kernel: SpanKernel): JsSpanKernel {
  check(kernel);
  if (evalAllowed !== false) {
    const source = spanKernelSource(kernel);
    try {
      const compiled = new Function('arrays', 'offsets', 'strides', 'scalars', 'count', 'rows', source) as JsSpanKernel;
      evalAllowed = true;
      return compiled;
    } catch {
      // The source is ours and checked, so only the page's policy refuses it (an EvalError).
      evalAllowed = false;
    }
  }
  return compileSpanKernelClosures(kernel);
}

function spanKernelSource(kernel: SpanKernel): string {
  const span = (s: string): number => kernel.spans.indexOf(s);
  const expr = (e: Expr): string => {
    switch (e.op) {
      case 'load':
        return `a${span(e.span)}[p${span(e.span)} + e]`;
      case 'row':
        return `a${span(e.span)}[p${span(e.span)}]`;
      case 'const':
        return `(${Math.fround(e.value)})`;
      case 'scalar':
        return `s${kernel.scalars.indexOf(e.name)}`;
      case 'var':
        return `v_${e.name}`;
      case 'positive':
        return `(${expr(e.a)} > 0 ? 1 : 0)`;
      case 'max':
        return `Math.max(${expr(e.a)}, ${expr(e.b)})`;
      case 'min':
        return `Math.min(${expr(e.a)}, ${expr(e.b)})`;
      default:
        return `Math.fround(${expr(e.a)} ${e.op === 'add' ? '+' : e.op === 'sub' ? '-' : '*'} ${expr(e.b)})`;
    }
  };
  return [
    ...kernel.spans.map((_, k) => `const a${k} = arrays[${k}]; let p${k} = offsets[${k}]; const t${k} = strides[${k}];`),
    ...kernel.scalars.map((_, k) => `const s${k} = Math.fround(scalars[${k}]);`),
    'for (let r = 0; r < rows; r++) {',
    '  for (let e = 0; e < count; e++) {',
    ...kernel.body.map((s) => (s.kind === 'let' ? `    const v_${s.name} = ${expr(s.value)};` : `    a${span(s.span)}[p${span(s.span)} + e] = ${expr(s.value)};`)),
    '  }',
    ...kernel.spans.map((_, k) => `  p${k} += t${k};`),
    '}',
  ].join('\n');
}

/**
 * The kernel as a tree of closures, one per formula node, run element by element: no source is
 * compiled, so it runs under a Content-Security-Policy without 'unsafe-eval'. It rounds to
 * float32 exactly where the generated source does, so both give the same numbers.
 */
export function compileSpanKernelClosures(kernel: SpanKernel): JsSpanKernel {
  check(kernel);
  const S = kernel.spans.length;
  // The frame the closures read: set at the start of each call and advanced row by row.
  const arrays: Float32Array[] = [];
  const positions = new Array<number>(S).fill(0);
  const scalars = new Array<number>(kernel.scalars.length).fill(0);
  const names = boundNames(kernel);
  const values = new Float64Array(names.length);
  const array = (k: number): Float32Array => arrays[k] as Float32Array;
  type Value = (e: number) => number;
  const expr = (x: Expr): Value => {
    switch (x.op) {
      case 'load': {
        const k = kernel.spans.indexOf(x.span);
        return (e) => array(k)[(positions[k] as number) + e] as number;
      }
      case 'row': {
        const k = kernel.spans.indexOf(x.span);
        return () => array(k)[positions[k] as number] as number;
      }
      case 'const': {
        const value = Math.fround(x.value);
        return () => value;
      }
      case 'scalar': {
        const k = kernel.scalars.indexOf(x.name);
        return () => scalars[k] as number;
      }
      case 'var': {
        const slot = names.indexOf(x.name);
        return () => values[slot] as number;
      }
      case 'positive': {
        const a = expr(x.a);
        return (e) => (a(e) > 0 ? 1 : 0);
      }
      case 'max': {
        const a = expr(x.a);
        const b = expr(x.b);
        return (e) => Math.max(a(e), b(e));
      }
      case 'min': {
        const a = expr(x.a);
        const b = expr(x.b);
        return (e) => Math.min(a(e), b(e));
      }
      case 'add': {
        const a = expr(x.a);
        const b = expr(x.b);
        return (e) => Math.fround(a(e) + b(e));
      }
      case 'sub': {
        const a = expr(x.a);
        const b = expr(x.b);
        return (e) => Math.fround(a(e) - b(e));
      }
      case 'mul': {
        const a = expr(x.a);
        const b = expr(x.b);
        return (e) => Math.fround(a(e) * b(e));
      }
    }
  };
  const statements = kernel.body.map((s): ((e: number) => void) => {
    const value = expr(s.value);
    if (s.kind === 'let') {
      const slot = names.indexOf(s.name);
      return (e) => {
        values[slot] = value(e);
      };
    }
    const k = kernel.spans.indexOf(s.span);
    return (e) => {
      array(k)[(positions[k] as number) + e] = value(e);
    };
  });
  return (given, offsets, strides, scalarValues, count, rows) => {
    for (let k = 0; k < S; k++) {
      arrays[k] = given[k] as Float32Array;
      positions[k] = offsets[k] as number;
    }
    scalarValues.forEach((v, k) => {
      scalars[k] = Math.fround(v);
    });
    for (let r = 0; r < rows; r++) {
      for (let e = 0; e < count; e++) for (const statement of statements) statement(e);
      for (let k = 0; k < S; k++) positions[k] = (positions[k] as number) + (strides[k] as number);
    }
    // The frame must not keep the caller's arrays (a backend's buffers) alive.
    arrays.length = 0;
  };
}

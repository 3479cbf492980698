// A minimal WebAssembly binary encoder: enough to build the typed kernels' module (functions over
// one imported memory, `env.memory`: the wasm backend's heap) without a compiler toolchain.

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

/** LEB128, unsigned. */
export function unsigned(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** LEB128, signed. */
export function signed(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export const f32Bytes = (value: number): number[] => Array.from(new Uint8Array(new Float32Array([value]).buffer));
const name = (s: string): number[] => {
  const bytes = Array.from(new TextEncoder().encode(s));
  return [...unsigned(bytes.length), ...bytes];
};
export const vector = (items: number[][]): number[] => [...unsigned(items.length), ...items.flat()];
const section = (id: number, content: number[]): number[] => [id, ...unsigned(content.length), ...content];

export const SIMD = 0xfd;
/** The memory argument of a load or store: 4-byte alignment, offset 0. */
export const MEMARG = [0x02, 0x00];
export const get = (local: number): number[] => [0x20, ...unsigned(local)];
export const set = (local: number): number[] => [0x21, ...unsigned(local)];
export const i32 = (value: number): number[] => [0x41, ...signed(value)];
export const I32_ADD = 0x6a;
export const I32_MUL = 0x6c;
export const I32_LT_U = 0x49;
export const I32_GE_U = 0x4f;
export const I32_GT_U = 0x4b;
export const I32_GE_S = 0x4e;
export const I32_AND = 0x71;
export const I32_SHL = 0x74;
export const F32_LOAD = 0x2a;
export const F32_STORE = 0x38;
export const SELECT = 0x1b;
export const BR = 0x0c;
export const BR_IF = 0x0d;
export const END = 0x0b;

/**
 * `block { loop { if (exit) break; body; continue } }`: `exit` pushes the condition that ends the
 * loop; `body` runs with the loop one label out and the block two.
 */
export function loopUntil(exit: number[], body: number[]): number[] {
  return [0x02, 0x40, 0x03, 0x40, ...exit, BR_IF, 0x01, ...body, BR, 0x00, END, END];
}

/** A function of the module: its exported name, parameter types, local declarations and code. */
export interface WasmFunction {
  readonly name: string;
  readonly params: readonly number[];
  /** Runs of locals after the parameters: [how many, type]. */
  readonly locals: ReadonlyArray<readonly [number, number]>;
  /** The instructions, without the final `end`. */
  readonly code: readonly number[];
}

function functionBody(f: WasmFunction): number[] {
  const locals = vector(f.locals.filter(([count]) => count > 0).map(([count, type]) => [...unsigned(count), type]));
  const body = [...locals, ...f.code, END];
  return [...unsigned(body.length), ...body];
}

/** A module importing `env.memory` and exporting every function under its name; none returns a value. */
export function encodeModule(functions: readonly WasmFunction[]): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((p) => [p])), 0x00]);
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, 0x01];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, k) => unsigned(k)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...unsigned(i)]))),
    ...section(10, vector(functions.map(functionBody))),
  ]);
}

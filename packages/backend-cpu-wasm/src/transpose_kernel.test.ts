// The tiled transpose, compiled to wasm and as the JavaScript fallback, against an element-by-element
// reference: sizes below, at and across the tile, and nothing written outside the target.
import { describe, expect, it } from '@jest/globals';
import { heapKernelsOn } from './backend_memory.js';

const SOURCE = 16;
const SENTINEL = -3;

function transposedByReference(values: Float32Array, rows: number, columns: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < columns; c++) for (let r = 0; r < rows; r++) out.push(values[r * columns + c] as number);
  return out;
}

describe('tiled transpose on a wasm heap', () => {
  const shapes: Array<[number, number]> = [[1, 1], [1, 5], [5, 1], [32, 32], [37, 70], [70, 33], [65, 128]];
  for (const shared of [false, true]) {
    for (const [rows, columns] of shapes) {
      it(`${shared ? 'JavaScript on a shared memory' : 'wasm'}: (${rows}, ${columns})`, () => {
        const memory = new WebAssembly.Memory({ initial: 2, maximum: 4, shared });
        const heap = new Float32Array(memory.buffer);
        heap.fill(SENTINEL);
        const size = rows * columns;
        const values = Float32Array.from({ length: size }, (_, e) => Math.fround(Math.sin(e + 1) * 100));
        heap.set(values, SOURCE);
        const target = SOURCE + size + 8;
        heapKernelsOn(memory).transpose(4 * SOURCE, 4 * target, rows, columns);
        expect(Array.from(heap.subarray(target, target + size))).toEqual(transposedByReference(values, rows, columns));
        expect(heap[target - 1]).toBe(SENTINEL);
        expect(heap[target + size]).toBe(SENTINEL);
        expect(Array.from(heap.subarray(SOURCE, SOURCE + size))).toEqual(Array.from(values));
      });
    }
  }
});

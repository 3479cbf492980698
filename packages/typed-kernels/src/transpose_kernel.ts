// The transpose of a float32 matrix on the backend's heap, in tiles. The wasm backend's own
// Transpose walks the output column by column: every store lands on another cache line, and a
// (2048, 768) gradient took about 13 ms. Tiles of TILE x TILE elements keep both the rows read
// and the rows written in cache, which makes it several times faster.
import type { WasmFunction } from './wasm_encoding.js';
import { F32_LOAD, F32_STORE, get, I32, I32_ADD, I32_GE_U, I32_LT_U, I32_MUL, I32_SHL, i32, loopUntil, MEMARG, SELECT, set } from './wasm_encoding.js';

const TILE = 16;

/** `transpose(source, target, rows, columns)`: byte addresses, the source being (rows, columns). */
export const TRANSPOSE: WasmFunction = (() => {
  const [source, target, rows, columns] = [0, 1, 2, 3];
  const [rowTile, columnTile, r, c, rowEnd, columnEnd] = [4, 5, 6, 7, 8, 9];
  // end = min(start + TILE, limit)
  const tileEnd = (start: number, limit: number, into: number): number[] => [
    ...get(start), ...i32(TILE), I32_ADD, ...get(limit),
    ...get(start), ...i32(TILE), I32_ADD, ...get(limit), I32_LT_U,
    SELECT, ...set(into),
  ];
  const byteAddress = (base: number, row: number, width: number, column: number): number[] => [
    ...get(base), ...get(row), ...get(width), I32_MUL, ...get(column), I32_ADD, ...i32(2), I32_SHL, I32_ADD,
  ];
  const copyElement = [
    ...byteAddress(target, c, rows, r),
    ...byteAddress(source, r, columns, c), F32_LOAD, ...MEMARG,
    F32_STORE, ...MEMARG,
  ];
  const tile = [
    ...get(rowTile), ...set(r),
    ...loopUntil([...get(r), ...get(rowEnd), I32_GE_U], [
      ...get(columnTile), ...set(c),
      ...loopUntil([...get(c), ...get(columnEnd), I32_GE_U], [...copyElement, ...get(c), ...i32(1), I32_ADD, ...set(c)]),
      ...get(r), ...i32(1), I32_ADD, ...set(r),
    ]),
  ];
  const code = loopUntil([...get(rowTile), ...get(rows), I32_GE_U], [
    ...tileEnd(rowTile, rows, rowEnd),
    ...i32(0), ...set(columnTile),
    ...loopUntil([...get(columnTile), ...get(columns), I32_GE_U], [
      ...tileEnd(columnTile, columns, columnEnd),
      ...tile,
      ...get(columnTile), ...i32(TILE), I32_ADD, ...set(columnTile),
    ]),
    ...get(rowTile), ...i32(TILE), I32_ADD, ...set(rowTile),
  ]);
  return { name: 'transpose', params: [I32, I32, I32, I32], locals: [[6, I32]], code };
})();

/** The same tiled transpose in JavaScript, with element offsets into one heap view. */
export function transposeJs(heap: Float32Array, source: number, target: number, rows: number, columns: number): void {
  for (let rowTile = 0; rowTile < rows; rowTile += TILE) {
    const rowEnd = Math.min(rowTile + TILE, rows);
    for (let columnTile = 0; columnTile < columns; columnTile += TILE) {
      const columnEnd = Math.min(columnTile + TILE, columns);
      for (let r = rowTile; r < rowEnd; r++) {
        for (let c = columnTile; c < columnEnd; c++) heap[target + c * rows + r] = heap[source + r * columns + c] as number;
      }
    }
  }
}

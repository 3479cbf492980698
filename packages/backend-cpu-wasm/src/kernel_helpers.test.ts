// bufferOf copies a view of another buffer even when its allocation grows (and detaches) the heap.
import { describe, expect, it } from '@jest/globals';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { bufferOf } from './kernel_helpers.js';
import type { KernelMemory } from './kernel_memory.js';

/** A heap that, like a growing wasm memory, moves to a new ArrayBuffer and detaches the old one on every alloc. */
function growingHeap(): { memory: KernelMemory; put(values: number[]): TensorInfo } {
  let heap = new ArrayBuffer(0);
  const offsets = new Map<object, { offset: number; size: number }>();
  let used = 0;
  const alloc = (shape: number[]): TensorInfo => {
    const size = shape.reduce((a, b) => a * b, 1);
    const grown = new ArrayBuffer(4 * (used + size));
    new Float32Array(grown).set(new Float32Array(heap));
    structuredClone(heap, { transfer: [heap] });
    heap = grown;
    const dataId = {};
    offsets.set(dataId, { offset: used, size });
    used += size;
    return { dataId, shape, dtype: 'float32' };
  };
  const view = (info: TensorInfo): Float32Array => {
    const at = offsets.get(info.dataId as object) ?? { offset: 0, size: 0 };
    return new Float32Array(heap, 4 * at.offset, at.size);
  };
  const unused = (): never => {
    throw new Error('not used by bufferOf');
  };
  const memory: KernelMemory = { alloc, view, alias: unused, dropAlias: unused, free: unused, matMul: unused, affine: unused, transpose: unused, sigmoid: unused, run: unused };
  return {
    memory,
    put(values) {
      const info = alloc([values.length]);
      view(info).set(values);
      return info;
    },
  };
}

describe('bufferOf', () => {
  it('copies a view of the heap into a new buffer although the allocation detached that view', () => {
    const { memory, put } = growingHeap();
    const source = put([1.5, -2, 3.25]);
    const copy = bufferOf(memory, [3], memory.view(source));
    expect(Array.from(memory.view(copy))).toEqual([1.5, -2, 3.25]);
    expect(Array.from(memory.view(source))).toEqual([1.5, -2, 3.25]);
  });
});

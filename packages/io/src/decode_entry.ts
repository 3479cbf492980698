// Converts one tensor's little-endian bytes into the values tfjs holds (float32, int32 or bool).
import { InputError } from '@rnnkit/core';
import type { SafetensorsEntry } from './read_safetensors_header.js';

/** The values of one entry, ready for `tf.tensor`. */
export interface DecodedValues {
  readonly values: Float32Array | Int32Array | Uint8Array;
  readonly dtype: 'float32' | 'int32' | 'bool';
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * Decodes `entry` from the data section. Floats become float32 and integers int32; a value that
 * float32 or int32 cannot hold (1e300 in F64, 2^40 in I64) is an error naming the tensor and
 * index, never a silent Infinity or wrap-around.
 */
export function decodeEntry(fn: string, what: string, data: DataView, entry: SafetensorsEntry): DecodedValues {
  const [begin, end] = entry.dataOffsets;
  const count = entry.shape.reduce((a, b) => a * b, 1);
  const unrepresentable = (index: number, value: number | bigint, target: string): never => {
    throw new InputError(
      fn,
      'bytes',
      `${what}: tensor ${JSON.stringify(entry.name)} (${entry.dtype}) holds ${String(value)} at flat index ${index}, which ${target} cannot represent`,
    );
  };
  switch (entry.dtype) {
    case 'F32':
    case 'F64':
    case 'F16':
    case 'BF16': {
      const out = new Float32Array(count);
      const scratch = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        if (entry.dtype === 'F32') {
          out[i] = data.getFloat32(begin + 4 * i, true);
        } else if (entry.dtype === 'F64') {
          const v = data.getFloat64(begin + 8 * i, true);
          // Rounding to the nearest float32 is the conversion PyTorch's .float() does; only an
          // overflow to infinity loses the value.
          if (Number.isFinite(v) && !Number.isFinite(Math.fround(v))) unrepresentable(i, v, 'float32');
          out[i] = v;
        } else if (entry.dtype === 'F16') {
          out[i] = halfToFloat(data.getUint16(begin + 2 * i, true));
        } else {
          // bfloat16 is the top half of a float32.
          scratch.setUint32(0, data.getUint16(begin + 2 * i, true) << 16);
          out[i] = scratch.getFloat32(0);
        }
      }
      return { values: out, dtype: 'float32' };
    }
    case 'BOOL': {
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i++) {
        const v = data.getUint8(begin + i);
        if (v > 1) unrepresentable(i, v, 'a boolean (0 or 1)');
        out[i] = v;
      }
      return { values: out, dtype: 'bool' };
    }
    default: {
      const out = new Int32Array(count);
      const size = count === 0 ? 0 : (end - begin) / count;
      for (let i = 0; i < count; i++) {
        const at = begin + size * i;
        let v: number | bigint;
        switch (entry.dtype) {
          case 'I64': v = data.getBigInt64(at, true); break;
          case 'U64': v = data.getBigUint64(at, true); break;
          case 'I32': v = data.getInt32(at, true); break;
          case 'U32': v = data.getUint32(at, true); break;
          case 'I16': v = data.getInt16(at, true); break;
          case 'U16': v = data.getUint16(at, true); break;
          case 'I8': v = data.getInt8(at); break;
          default: v = data.getUint8(at);
        }
        if (v < -2147483648 || v > 2147483647) unrepresentable(i, v, 'int32');
        out[i] = Number(v);
      }
      return { values: out, dtype: 'int32' };
    }
  }
}

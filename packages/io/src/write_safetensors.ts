// Writes named tfjs tensors as a safetensors file.
import * as tf from '@tensorflow/tfjs-core';
import { InputError, checkKnownOptions, describeValue } from '@rnnkit/core';
import { isPlainObject } from './internal.js';

/** Options of `writeSafetensors`. */
export interface WriteSafetensorsOptions {
  /** Strings stored under `__metadata__` (PyTorch writes `{"format": "pt"}`). @default {} */
  metadata?: Readonly<Record<string, string>>;
}

const WRITTEN: Readonly<Record<string, { dtype: string; bytes: number }>> = {
  float32: { dtype: 'F32', bytes: 4 },
  int32: { dtype: 'I32', bytes: 4 },
  bool: { dtype: 'BOOL', bytes: 1 },
};

/**
 * Serialises `tensors` (float32 as F32, int32 as I32, bool as BOOL) in the given key order, with
 * the header padded by spaces to a multiple of 8 bytes as safetensors' own writer does. Names are
 * kept exactly; PyTorch's `load_state_dict` accepts the result when the names and shapes are
 * its own (see `torchStateDict`).
 *
 * @example
 * const bytes = writeSafetensors(torchStateDict(params), { metadata: { format: 'pt' } });
 */
export function writeSafetensors(tensors: Readonly<Record<string, tf.Tensor>>, options: WriteSafetensorsOptions = {}): Uint8Array {
  const fn = 'writeSafetensors';
  checkKnownOptions(fn, 'options', options, ['metadata']);
  if (!isPlainObject(tensors)) throw new InputError(fn, 'tensors', `tensors must be an object of named tensors, got ${describeValue(tensors)}`);
  const metadata = options.metadata ?? {};
  if (!isPlainObject(metadata)) throw new InputError(fn, 'metadata', `metadata must be an object of strings, got ${describeValue(metadata)}`);
  for (const key of Object.keys(metadata)) {
    if (typeof metadata[key] !== 'string') {
      throw new InputError(fn, `metadata.${key}`, `metadata.${key} must be a string, got ${describeValue(metadata[key])}`);
    }
  }
  const names = Object.keys(tensors);
  const parts: string[] = [];
  if (Object.keys(metadata).length > 0) parts.push(`"__metadata__":${JSON.stringify(metadata)}`);
  let offset = 0;
  const layout: Array<{ tensor: tf.Tensor; begin: number; dtype: string }> = [];
  for (const name of names) {
    const tensor = tensors[name];
    if (name === '__metadata__') throw new InputError(fn, 'tensors', 'tensors cannot be named "__metadata__": the format reserves it');
    if (!(tensor instanceof tf.Tensor) || tensor.isDisposed) {
      throw new InputError(fn, `tensors.${name}`, `tensors.${name} must be a live tensor, got ${describeValue(tensor)}`);
    }
    const kind = WRITTEN[tensor.dtype];
    if (kind === undefined) {
      throw new InputError(fn, `tensors.${name}`, `tensors.${name} must be float32, int32 or bool, got ${tensor.dtype}`);
    }
    const end = offset + tensor.size * kind.bytes;
    // Built as text rather than as an object, so a tensor named "__proto__" stays a key.
    parts.push(`${JSON.stringify(name)}:${JSON.stringify({ dtype: kind.dtype, shape: tensor.shape, data_offsets: [offset, end] })}`);
    layout.push({ tensor, begin: offset, dtype: kind.dtype });
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  const dataStart = 8 + headerLength;
  for (const { tensor, begin, dtype } of layout) {
    const values = tensor.dataSync();
    const at = dataStart + begin;
    for (let i = 0; i < values.length; i++) {
      const v = Number(values[i]);
      if (dtype === 'F32') view.setFloat32(at + 4 * i, v, true);
      else if (dtype === 'I32') view.setInt32(at + 4 * i, v, true);
      else view.setUint8(at + i, v ? 1 : 0);
    }
  }
  return out;
}

// Turns a checked header and its bytes into named tensors.
import * as tf from '@tensorflow/tfjs-core';
import type { DecodedValues } from './decode_entry.js';
import { decodeEntry } from './decode_entry.js';
import { defineEntry } from './internal.js';
import type { SafetensorsContent } from './read_safetensors.js';
import type { SafetensorsHeader } from './read_safetensors_header.js';

/** Decodes every entry of a checked header; no tensor exists until every entry has decoded. */
export function decodeSafetensors(fn: string, what: string, bytes: Uint8Array, header: SafetensorsHeader): SafetensorsContent {
  const data = new DataView(bytes.buffer, bytes.byteOffset + header.dataStart, header.dataLength);
  const decoded: Array<[string, DecodedValues, readonly number[]]> = header.entries.map((entry) => [
    entry.name,
    decodeEntry(fn, what, data, entry),
    entry.shape,
  ]);
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, { values, dtype }, shape] of decoded) {
    defineEntry(tensors, name, tf.tensor(values, [...shape], dtype));
  }
  return { tensors, metadata: header.metadata, header };
}


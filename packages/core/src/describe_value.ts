// Renders any value the way error messages quote what was given.
import type * as tf from '@tensorflow/tfjs-core';

function isTensorLike(value: unknown): value is tf.Tensor {
  return (
    typeof value === 'object' &&
    value !== null &&
    'shape' in value &&
    'dtype' in value &&
    Array.isArray((value as { shape: unknown }).shape)
  );
}

/** A short description of `value` for an error message: shapes for tensors, JSON otherwise. */
export function describeValue(value: unknown): string {
  if (isTensorLike(value)) {
    const disposed = (value as { isDisposed?: unknown }).isDisposed === true ? 'disposed ' : '';
    return `a ${disposed}${value.dtype} tensor of shape [${value.shape.join(', ')}]`;
  }
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `a function${value.name === '' ? '' : ` (${value.name})`}`;
  if (typeof value === 'symbol' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  try {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) return String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

// Small helpers shared by the readers and writers.
import { InputError, describeValue } from '@rnnkit/core';

/** Sets an own property, so a key such as `__proto__` stays data and never changes a prototype. */
export function defineEntry<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns `bytes` into a Uint8Array view, or throws naming what came. */
export function asBytes(fn: string, value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new InputError(fn, 'bytes', `bytes must be a Uint8Array or an ArrayBuffer, got ${describeValue(value)}`);
}


/** `describeValue` for parsed JSON, which may nest too deeply to print. */
export function describeJson(value: unknown): string {
  try {
    return describeValue(value);
  } catch {
    return Array.isArray(value) ? `an array of ${value.length} items` : 'an object';
  }
}

// Generators of bad-input rows for the common kinds of argument, so a table stays short.
import * as tf from '@tensorflow/tfjs-core';
import type { BadInputRow } from './row.js';

/** A row. */
export function row(argument: string, what: string, call: () => unknown): BadInputRow {
  return { argument, what, call };
}

/** Values that no integer size or count accepts (for a minimum of 1; 0 is added by `min`). */
export const NOT_INTEGERS: readonly unknown[] = [1.5, Number.NaN, Infinity, '3', true, null, [2]];
/** Values no boolean flag accepts. */
export const NOT_BOOLEANS: readonly unknown[] = [0, 1, 'true', null];
/** Values no finite number accepts. */
export const NOT_NUMBERS: readonly unknown[] = [Number.NaN, Infinity, '0.5', null];
/** Values that are not objects. */
export const NOT_OBJECTS: readonly unknown[] = ['abc', 5, [1]];

/** The kinds of option value `optionRows` knows how to break. */
export type OptionKind =
  | { readonly kind: 'integer'; readonly min: number; readonly max?: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'number'; readonly below?: number; readonly above?: number }
  | { readonly kind: 'oneOf' }
  | { readonly kind: 'custom'; readonly values: readonly unknown[] };

export const integer = (min: number, max?: number): OptionKind => (max === undefined ? { kind: 'integer', min } : { kind: 'integer', min, max });
export const flag: OptionKind = { kind: 'boolean' };
export const number = (below?: number, above?: number): OptionKind => ({ kind: 'number', ...(below === undefined ? {} : { below }), ...(above === undefined ? {} : { above }) });
export const choice: OptionKind = { kind: 'oneOf' };
export const custom = (...values: unknown[]): OptionKind => ({ kind: 'custom', values });

function badValues(kind: OptionKind): unknown[] {
  switch (kind.kind) {
    case 'integer':
      return [kind.min - 1, ...(kind.max === undefined ? [] : [kind.max + 1]), ...NOT_INTEGERS];
    case 'boolean':
      return [...NOT_BOOLEANS];
    case 'number':
      return [...(kind.below === undefined ? [] : [kind.below]), ...(kind.above === undefined ? [] : [kind.above]), ...NOT_NUMBERS];
    case 'oneOf':
      return ['bogus', 3, null];
    case 'custom':
      return [...kind.values];
  }
}

/**
 * Rows for an options object: a non-object, a misspelt key, and each option set to each bad
 * value of its kind (named as the option itself, or `prefix + name` when given), starting from
 * `base`, a valid options object.
 */
export function optionRows(
  call: (options: unknown) => unknown,
  base: Readonly<Record<string, unknown>>,
  options: Readonly<Record<string, OptionKind>>,
  settings: { argument?: string; prefix?: string; required?: boolean } = {},
): BadInputRow[] {
  const { argument = 'options', prefix = '' } = settings;
  const rows: BadInputRow[] = NOT_OBJECTS.map((value) => row(argument, `${argument} = ${JSON.stringify(value)}`, () => call(value)));
  if (settings.required === true) rows.push(row(argument, `${argument} missing`, () => call(undefined)));
  const first = Object.keys(options)[0] ?? 'x';
  const typo = `${first.slice(0, -1)}${first.slice(-1) === 'x' ? 'y' : 'x'}`;
  rows.push(row(`${argument}.${typo}`, `misspelt option ${typo}`, () => call({ ...base, [typo]: base[first] ?? 1 })));
  for (const [name, kind] of Object.entries(options)) {
    for (const value of badValues(kind)) {
      rows.push(row(`${prefix}${name}`, `${name} = ${String(value)}`, () => call({ ...base, [name]: value })));
    }
  }
  return rows;
}

/** Tensors to make on demand: float32 random normal of `shape`. */
export function t(shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
  return dtype === 'int32' ? tf.zeros(shape, 'int32') : tf.randomNormal(shape, 0, 1, 'float32', 1);
}

/** A tensor that was already disposed. */
export function disposed(shape: number[] = [2, 3]): tf.Tensor {
  const x = t(shape);
  x.dispose();
  return x;
}

/**
 * Rows for a tensor argument that must be float32 of `shape` (rank given by it): not a tensor,
 * disposed, wrong rank, int32, and (when `badShape` is given) a wrong size.
 */
export function tensorRows(argument: string, call: (value: unknown) => unknown, shape: number[], badShape?: number[]): BadInputRow[] {
  const wrongRank = shape.length === 1 ? [shape[0] ?? 1, 1] : shape.slice(1);
  const rows = [
    row(argument, `${argument} undefined`, () => call(undefined)),
    row(argument, `${argument} an array`, () => call([[1, 2], [3, 4]])),
    row(argument, `${argument} a string`, () => call('x')),
    row(argument, `${argument} disposed`, () => call(disposed(shape))),
    row(argument, `${argument} of rank ${wrongRank.length}`, () => call(t(wrongRank))),
    row(argument, `${argument} int32`, () => call(t(shape, 'int32'))),
  ];
  if (badShape !== undefined) rows.push(row(argument, `${argument} of shape [${badShape.join(', ')}]`, () => call(t(badShape))));
  return rows;
}

/** Rows for a lengths argument for N samples of T steps. */
export function lengthsRows(argument: string, call: (value: unknown) => unknown, batch: number, steps: number): BadInputRow[] {
  const ok = Array.from({ length: batch }, () => steps);
  const disposedLengths = (): tf.Tensor => {
    const lengths = tf.tensor1d(ok, 'int32');
    lengths.dispose();
    return lengths;
  };
  return [
    row(argument, `${argument} too few`, () => call(ok.slice(1))),
    row(argument, `${argument} too long`, () => call(ok.map((v) => v + 1))),
    row(argument, `${argument} negative`, () => call(ok.map(() => -1))),
    row(argument, `${argument} fractional`, () => call(ok.map(() => 1.5))),
    row(argument, `${argument} a string`, () => call('all')),
    row(argument, `${argument} float32 tensor`, () => call(tf.tensor1d(ok, 'float32'))),
    row(argument, `${argument} disposed tensor`, () => call(disposedLengths())),
  ];
}

/** Rows for a callback argument. */
export function functionRows(argument: string, call: (value: unknown) => unknown): BadInputRow[] {
  return [undefined, 'f', 3, {}].map((value) => row(argument, `${argument} = ${String(value)}`, () => call(value)));
}

/** Rows for a plain-object argument. */
export function objectRows(argument: string, call: (value: unknown) => unknown, values: readonly unknown[] = [undefined, null, 'abc', 5]): BadInputRow[] {
  return values.map((value) => row(argument, `${argument} = ${String(value)}`, () => call(value)));
}

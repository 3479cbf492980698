// Checked conversions of flag values, each failing with a one-line message naming the flag.

/** The value of a `string` flag, or `fallback` when it was not given. */
export function stringFlag(values: Readonly<Record<string, unknown>>, name: string, fallback: string): string;
export function stringFlag(values: Readonly<Record<string, unknown>>, name: string): string | undefined;
export function stringFlag(values: Readonly<Record<string, unknown>>, name: string, fallback?: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : fallback;
}

/** An integer >= 1. */
export function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

/** An integer in [0, 2^32), e.g. a seed. */
export function nonNegativeInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32) throw new Error(`${flag} must be an integer in [0, 2^32), got ${JSON.stringify(value)}`);
  return n;
}

/** A finite number > 0. */
export function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number, got ${JSON.stringify(value)}`);
  return n;
}

/** One of `choices`. */
export function oneOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  const found = choices.find((c) => c === value);
  if (found === undefined) throw new Error(`${flag} must be ${choices.slice(0, -1).join(', ')}${choices.length > 1 ? ' or ' : ''}${choices.at(-1) ?? ''}, got ${JSON.stringify(value)}`);
  return found;
}

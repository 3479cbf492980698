// Validates plain option values (sizes, rates, choices) at a public boundary.
import { closestName } from './closest_name.js';
import { describeValue } from './describe_value.js';
import { InputError } from './input_error.js';

/** Throws unless `value` is an integer in `[min, max]`; returns it. */
export function checkInteger(
  fn: string,
  argument: string,
  value: unknown,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new InputError(fn, argument, `${argument} must be an integer ${range}, got ${describeValue(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number in `[min, max]` (or `[min, max)` when `maxExclusive`). */
export function checkNumber(
  fn: string,
  argument: string,
  value: unknown,
  min: number,
  max: number,
  maxExclusive = false,
): number {
  const aboveMax = typeof value === 'number' && (maxExclusive ? value >= max : value > max);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || aboveMax) {
    const range = `[${min}, ${max}${maxExclusive ? ')' : ']'}`;
    throw new InputError(fn, argument, `${argument} must be a number in ${range}, got ${describeValue(value)}`);
  }
  return value;
}

/** Throws unless `value` is one of `choices`; returns it narrowed. */
export function checkOneOf<T extends string>(
  fn: string,
  argument: string,
  value: unknown,
  choices: readonly T[],
): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    const list = choices.map((c) => JSON.stringify(c)).join(', ');
    throw new InputError(fn, argument, `${argument} must be one of ${list}, got ${describeValue(value)}`);
  }
  return value as T;
}

/** Throws unless `value` is a boolean; returns it. */
export function checkBoolean(fn: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new InputError(fn, argument, `${argument} must be a boolean, got ${describeValue(value)}`);
  }
  return value;
}

/** How `checkKnownOptions` treats an absent options object. */
export interface KnownOptionsSettings {
  /** The options object must be given (it holds required fields such as sizes). @default false */
  required?: boolean;
  /** Keys whose value may be `null`; any other key given as `null` is refused. @default [] */
  nullable?: readonly string[];
}

/**
 * Throws unless `options` is a plain object whose keys are all in `known`: a misspelt option
 * must not be ignored, and the error suggests the known name it most likely meant.
 */
export function checkKnownOptions(
  fn: string,
  argument: string,
  options: object | undefined,
  known: readonly string[],
  settings: KnownOptionsSettings = {},
): void {
  if (options === undefined && settings.required !== true) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    const wanted = settings.required === true ? `an object with ${known.join(', ')}` : 'an object';
    throw new InputError(fn, argument, `${argument} must be ${wanted}, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if ((options as Record<string, unknown>)[key] === null && known.includes(key) && settings.nullable?.includes(key) !== true) {
      // `null` is not `undefined`: treating it as "use the default" would hide a caller's bug.
      throw new InputError(fn, key, `${key} is null; leave it out (or pass undefined) for the default`);
    }
    if (!known.includes(key)) {
      const guess = closestName(key, known);
      const hint = guess === undefined ? '' : ` (did you mean ${JSON.stringify(guess)}?)`;
      throw new InputError(
        fn,
        `${argument}.${key}`,
        `unknown option ${JSON.stringify(key)} in ${argument}${hint}; known options are ${known.join(', ')}`,
      );
    }
  }
}

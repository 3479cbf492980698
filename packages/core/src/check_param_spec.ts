// Validates a parameter spec before anything is allocated from it.
import { describeValue } from './describe_value.js';
import { InputError } from './input_error.js';
import type { ParamSpec } from './cell.js';

/** The most elements one parameter may have: what a typed array and tfjs's int32 indexing hold. */
const MAX_PARAM_ELEMENTS = 2 ** 31 - 1;

/**
 * Throws unless every entry of `spec` has a shape of non-negative integers, at most
 * 2^31 - 1 elements, a finite non-negative bound and, if given, a distribution `uniform` or `normal`. `argument` is what the
 * error blames (the spec itself, or the size option that made it too big).
 */
export function checkParamSpec(fn: string, argument: string, spec: unknown): ParamSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new InputError(fn, argument, `${argument} must be a parameter spec (name -> {shape, bound}), got ${describeValue(spec)}`);
  }
  for (const [name, entry] of Object.entries(spec as Record<string, unknown>)) {
    const { shape, bound, distribution } = (typeof entry === 'object' && entry !== null ? entry : {}) as { shape?: unknown; bound?: unknown; distribution?: unknown };
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
      throw new InputError(fn, argument, `${argument}: ${name} must have a shape of non-negative integers, got ${describeValue(entry)}`);
    }
    if (typeof bound !== 'number' || !Number.isFinite(bound) || bound < 0) {
      throw new InputError(fn, argument, `${argument}: ${name} must have a finite bound >= 0, got ${describeValue(bound)}`);
    }
    if (distribution !== undefined && distribution !== 'uniform' && distribution !== 'normal') {
      throw new InputError(fn, argument, `${argument}: ${name} must have a distribution of 'uniform' or 'normal', got ${describeValue(distribution)}`);
    }
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    if (size > MAX_PARAM_ELEMENTS) {
      throw new InputError(
        fn,
        argument,
        `${argument} makes parameter ${name} of shape [${shape.join(', ')}] hold ${size} elements, over the ${MAX_PARAM_ELEMENTS} a tensor can hold`,
      );
    }
  }
  return spec as ParamSpec;
}

// The tolerances of the fixtures' contract and the comparison that applies them.

/** `|a - b| <= atol + rtol * |b|`. */
export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

/** Forward outputs. */
export const FORWARD_TOLERANCE: Tolerance = { atol: 1e-5, rtol: 1e-4 };
/** Gradients. */
export const GRADIENT_TOLERANCE: Tolerance = { atol: 1e-4, rtol: 1e-3 };

/** The outcome of comparing values with a reference. */
export interface Comparison {
  /** Largest `|a - b| / (atol + rtol * |b|)`; a match is <= 1. Infinity on a NaN/Inf mismatch. */
  readonly worstRatio: number;
  readonly worstIndex: number;
  readonly actual: number;
  readonly expected: number;
}

/**
 * Compares `actual` with `expected` element by element. Non-finite references must be matched
 * exactly (same infinity, or NaN for NaN).
 */
export function compareValues(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: Tolerance): Comparison {
  if (actual.length !== expected.length) {
    return { worstRatio: Infinity, worstIndex: -1, actual: actual.length, expected: expected.length };
  }
  let worst: Comparison = { worstRatio: 0, worstIndex: -1, actual: NaN, expected: NaN };
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const b = expected[i] as number;
    let ratio: number;
    if (!Number.isFinite(b) || !Number.isFinite(a)) {
      ratio = Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) ? 0 : Infinity;
    } else {
      ratio = Math.abs(a - b) / (tolerance.atol + tolerance.rtol * Math.abs(b));
    }
    if (ratio > worst.worstRatio || worst.worstIndex === -1) {
      worst = { worstRatio: ratio, worstIndex: i, actual: a, expected: b };
    }
  }
  return worst;
}

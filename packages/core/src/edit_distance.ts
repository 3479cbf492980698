// The Levenshtein distance between two sequences: the label error of decoded sequences (CTC,
// grapheme-to-phoneme) and the did-you-mean hints of option checks.
import { InputError } from './input_error.js';
import { describeValue } from './describe_value.js';

function isSequence(value: unknown): value is ArrayLike<unknown> {
  return typeof value === 'string' || Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * The fewest single-element substitutions, insertions and deletions that turn `a` into `b`
 * (Levenshtein distance, unit costs). Elements are compared with `===`; `a` and `b` are arrays,
 * typed arrays or strings.
 *
 * @example
 * editDistance(['K', 'AA', 'T'], ['K', 'AE', 'T', 'S']); // 2
 */
export function editDistance<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  for (const [name, value] of [['a', a], ['b', b]] as const) {
    if (!isSequence(value)) throw new InputError('editDistance', name, `${name} must be an array, a typed array or a string, got ${describeValue(value)}`);
  }
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

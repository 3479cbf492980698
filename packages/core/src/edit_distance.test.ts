// editDistance against distances worked out by hand: substitutions, insertions, deletions, and
// each kind of sequence it takes.
import { describe, expect, it } from '@jest/globals';
import { editDistance } from './index.js';

describe('editDistance', () => {
  it('counts the fewest substitutions, insertions and deletions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3); // k->s, e->i, +g
    expect(editDistance(['K', 'AA', 'T'], ['K', 'AE', 'T', 'S'])).toBe(2); // AA->AE, +S
    expect(editDistance([1, 2, 3, 4], [2, 3])).toBe(2); // -1, -4
    expect(editDistance([], [7, 7])).toBe(2);
    expect(editDistance([5], [])).toBe(1);
    expect(editDistance([], [])).toBe(0);
    expect(editDistance('flaw', 'lawn')).toBe(2); // -f, +n
    expect(editDistance(Int32Array.from([1, 2, 1]), Int32Array.from([2, 1, 2]))).toBe(2);
  });

  it('is symmetric and zero only for equal sequences', () => {
    const pairs: [number[], number[]][] = [[[1, 2, 3], [3, 2, 1]], [[4, 4, 4, 4], [4]], [[1, 2], [1, 2]]];
    for (const [a, b] of pairs) {
      expect(editDistance(a, b)).toBe(editDistance(b, a));
      expect(editDistance(a, b) === 0).toBe(a.join() === b.join());
    }
  });
});

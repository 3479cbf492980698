// A seeded uniform generator whose state can be saved and restored, for exact resumption.
import { checkInteger } from '@rnnkit/core';

/**
 * Uniform numbers in [0, 1) from a 32-bit state (mulberry32). `state` reads and writes the whole
 * state, so a checkpoint taken between two draws continues with the same numbers.
 */
export class CheckpointableRandom {
  private current: number;

  constructor(seed = 0) {
    this.current = checkInteger('CheckpointableRandom', 'seed', seed, 0, 2 ** 32 - 1) >>> 0;
  }

  /** The next number in [0, 1). */
  next(): number {
    this.current = (this.current + 0x6d2b79f5) >>> 0;
    let z = this.current;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 2 ** 32;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    checkInteger('CheckpointableRandom.int', 'n', n, 1);
    return Math.floor(this.next() * n);
  }

  get state(): number {
    return this.current;
  }

  set state(value: number) {
    this.current = checkInteger('CheckpointableRandom.state', 'state', value, 0, 2 ** 32 - 1) >>> 0;
  }
}

// A small, fast, seedable source of uniform numbers, so initialisation and dropout can repeat.
import { checkInteger } from './check_option.js';
import { InputError } from './input_error.js';

/** A function returning uniform numbers in [0, 1). */
export type RandomSource = () => number;

/** A {@link RandomSource} whose whole state can be read and set, so a checkpoint can resume it. */
export interface SeededRandom {
  (): number;
  /** The 32-bit state; setting it makes the following draws those that followed this state. */
  state: number;
}

/**
 * Returns a deterministic uniform generator for a 32-bit integer seed (splitmix32 scrambling of a
 * Weyl sequence). Without a seed it draws one from `Math.random`. Its `state` can be saved and
 * set back for exact resumption.
 */
export function seededRandom(seed?: number): SeededRandom {
  const fn = 'seededRandom';
  let state = seed === undefined ? Math.floor(Math.random() * 2 ** 32) >>> 0 : checkInteger(fn, 'seed', seed, 0, 2 ** 32 - 1) >>> 0;
  const next = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 2 ** 32;
  };
  Object.defineProperty(next, 'state', {
    get: () => state,
    set: (value: unknown) => {
      if (typeof value !== 'number') throw new InputError(`${fn}.state`, 'state', `state must be an integer in [0, ${2 ** 32 - 1}], got ${String(value)}`);
      state = checkInteger(`${fn}.state`, 'state', value, 0, 2 ** 32 - 1) >>> 0;
    },
    enumerable: true,
  });
  return next as SeededRandom;
}

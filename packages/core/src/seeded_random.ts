// A small, fast, seedable source of uniform numbers, so initialisation and dropout can repeat.

/** A function returning uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * Returns a deterministic uniform generator for a 32-bit integer seed (splitmix32 scrambling of a
 * Weyl sequence). Without a seed it draws one from `Math.random`.
 */
export function seededRandom(seed?: number): RandomSource {
  let state = (seed ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 2 ** 32;
  };
}

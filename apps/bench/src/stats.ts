// Small statistics for timings.

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Milliseconds `f` takes. */
export function timeMs(f: () => void): number {
  const started = performance.now();
  f();
  return performance.now() - started;
}

/**
 * Runs `f` untimed until it has run at least `minCalls` times and for at least `minMs` in all, or
 * `maxCalls` times, and returns the last call's milliseconds. JavaScript reaches its steady speed
 * only once the engine has compiled its loops, which takes a few calls, and the steady speed is
 * what a training run sees.
 */
export function warmUp(f: () => void, { minCalls = 2, minMs = 1000, maxCalls = 6 } = {}): number {
  let spent = 0;
  let last = 0;
  for (let calls = 0; calls < maxCalls && (calls < minCalls || spent < minMs); calls++) {
    last = timeMs(f);
    spent += last;
  }
  return last;
}

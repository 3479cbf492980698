// Finds the known name a misspelt one most likely meant, for did-you-mean hints in errors.
import { editDistance } from './edit_distance.js';

/**
 * The name in `known` closest to `given` (case-insensitive edit distance), when it is close
 * enough to be a likely typo: at most a third of the longer name's letters differ.
 */
export function closestName(given: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const distance = editDistance(given.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  const allowed = Math.floor(Math.max(given.length, best?.length ?? 0) / 3);
  return bestDistance <= allowed ? best : undefined;
}

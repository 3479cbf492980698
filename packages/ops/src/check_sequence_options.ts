// Checks the options every fused sequence operation takes (`reverse`, `masked`) at its entry.
import { checkBoolean, checkKnownOptions } from '@rnnkit/core';
import type { SequenceOpOptions } from './sequence_op_options.js';

/** Checks `options` holds the booleans `reverse` and `masked` (and nothing beyond `extra`); returns both. */
export function checkSequenceOptions(fn: string, options: unknown, extra: readonly string[] = []): SequenceOpOptions {
  checkKnownOptions(fn, 'options', options as object | undefined, ['reverse', 'masked', ...extra], { required: true });
  const given = options as Readonly<Record<string, unknown>>;
  return { reverse: checkBoolean(fn, 'reverse', given['reverse']), masked: checkBoolean(fn, 'masked', given['masked']) };
}

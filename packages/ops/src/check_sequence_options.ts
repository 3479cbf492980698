// Checks the options every fused sequence operation takes (`reverse`, `masked`) at its entry.
import { checkBoolean, checkKnownOptions, checkOneOf } from '@rnnkit/core';
import { GATE_ACTIVATIONS } from './sequence_attrs.js';
import type { GateActivation } from './sequence_attrs.js';
import type { SequenceOpOptions } from './sequence_op_options.js';

/** Checks `options` holds the booleans `reverse` and `masked` (and nothing beyond `extra`); returns both. */
export function checkSequenceOptions(fn: string, options: unknown, extra: readonly string[] = []): SequenceOpOptions {
  checkKnownOptions(fn, 'options', options as object | undefined, ['reverse', 'masked', ...extra], { required: true });
  const given = options as Readonly<Record<string, unknown>>;
  return { reverse: checkBoolean(fn, 'reverse', given['reverse']), masked: checkBoolean(fn, 'masked', given['masked']) };
}

/**
 * Checks the options of a gated operation: `reverse`, `masked` and the optional `gateActivation`
 * (one of `GATE_ACTIVATIONS`, `'sigmoid'` when absent); returns all three.
 */
export function checkGatedSequenceOptions(
  fn: string,
  options: unknown,
): SequenceOpOptions & { readonly gateActivation: GateActivation } {
  const { reverse, masked } = checkSequenceOptions(fn, options, ['gateActivation']);
  const given = (options as { readonly gateActivation?: unknown }).gateActivation;
  const gateActivation = given === undefined ? 'sigmoid' : checkOneOf(fn, 'gateActivation', given, GATE_ACTIVATIONS);
  return { reverse, masked, gateActivation };
}

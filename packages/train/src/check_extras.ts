// Validates the extras (carried state, early stopping) that go with a trainer into a checkpoint.
import { InputError, checkKnownOptions, describeValue } from '@rnnkit/core';
import { CarriedState } from './carried_state.js';
import { EarlyStopping } from './early_stopping.js';

/** Throws unless `extras` holds only known, well-typed entries. */
export function checkExtras(fn: string, extras: unknown, known: readonly string[]): void {
  checkKnownOptions(fn, 'extras', extras as object | undefined, known);
  const given = (extras ?? {}) as Record<string, unknown>;
  if (given['carried'] !== undefined && !(given['carried'] instanceof CarriedState)) {
    throw new InputError(fn, 'extras.carried', `extras.carried must be a CarriedState, got ${describeValue(given['carried'])}`);
  }
  if (given['earlyStopping'] !== undefined && !(given['earlyStopping'] instanceof EarlyStopping)) {
    throw new InputError(fn, 'extras.earlyStopping', `extras.earlyStopping must be an EarlyStopping, got ${describeValue(given['earlyStopping'])}`);
  }
}

// The one error type for bad input at a public boundary.

/**
 * Thrown when a public function receives input it cannot use. The message names the function,
 * the argument, what was expected and what came: `lstm: x must be 3-D (T, N, F), got shape [5, 4]`.
 */
export class InputError extends Error {
  readonly fn: string;
  readonly argument: string;

  constructor(fn: string, argument: string, message: string) {
    super(`${fn}: ${message}`);
    // Checked after super (a constructor must call it first); a malformed error is a bug worth naming.
    for (const [name, value] of [['fn', fn], ['argument', argument], ['message', message]] as const) {
      if (typeof value !== 'string' || value === '') {
        throw new InputError('InputError', name, `${name} must be a non-empty string, got ${typeof value === 'string' ? '""' : String(value)}`);
      }
    }
    this.name = 'InputError';
    this.fn = fn;
    this.argument = argument;
  }
}

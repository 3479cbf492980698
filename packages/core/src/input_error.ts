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
    this.name = 'InputError';
    this.fn = fn;
    this.argument = argument;
  }
}

// Asserts that a call is refused with the project's InputError, naming the function and argument.
import { expect } from '@jest/globals';
import { InputError } from '@rnnkit/core';

/**
 * Runs `run` and expects an `InputError` whose `argument` is `argument` and whose message matches
 * `message` (a substring or a pattern); `fn`, when given, must be the function the error names.
 */
export function expectInputError(run: () => unknown, fn: string | undefined, argument: string, message: string | RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputError);
  const error = caught as InputError;
  if (fn !== undefined) expect(error.fn).toBe(fn);
  expect(error.argument).toBe(argument);
  expect(error.message).toMatch(message);
}

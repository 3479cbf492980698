// Helpers that only make sense inside jest, kept apart so tools can import the rest without it.
export { describeWithBackends } from './describe_with_backends.js';
export { expectInputError } from './expect_input_error.js';

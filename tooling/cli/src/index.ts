export type { FlagSpec } from './flag_spec.js';
export { nonNegativeInt, oneOf, positiveInt, positiveNumber, stringFlag } from './flag_values.js';
export { parseCommandLine } from './parse_command_line.js';
export type { CommandLine } from './parse_command_line.js';

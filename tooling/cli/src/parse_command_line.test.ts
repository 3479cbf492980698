// The apps' parser: both flag forms, per-command flags, and its one-line errors.
import { describe, expect, test } from '@jest/globals';
import { oneOf, positiveInt } from './flag_values.js';
import { parseCommandLine } from './parse_command_line.js';

const FLAGS = { steps: { type: 'string' }, json: { type: 'boolean' }, case: { type: 'string', multiple: true }, cell: { type: 'string', commands: ['char-lm'] } } as const;

describe('parseCommandLine', () => {
  test('--flag value and --flag=value give the same values; positionals stay in order', () => {
    const spaced = parseCommandLine(['a.json', '--steps', '10', '--json', '--case', 'x', '--case', 'y', 'b.json'], FLAGS);
    const joined = parseCommandLine(['a.json', '--steps=10', '--json', '--case=x', '--case=y', 'b.json'], FLAGS);
    expect(spaced).toEqual(joined);
    expect(spaced.values).toEqual({ steps: '10', json: true, case: ['x', 'y'] });
    expect(spaced.positionals).toEqual(['a.json', 'b.json']);
    expect(parseCommandLine(['-h'], FLAGS).values['help']).toBe(true);
  });

  test('one-line errors name the flag', () => {
    expect(() => parseCommandLine(['--stesp', '3'], FLAGS)).toThrow('unknown option --stesp (see --help)');
    expect(() => parseCommandLine(['--steps'], FLAGS)).toThrow('--steps needs a value (see --help)');
    expect(() => parseCommandLine(['--json=yes'], FLAGS)).toThrow('--json takes no value (see --help)');
    expect(() => parseCommandLine(['--cell', 'gru'], FLAGS, 'ctc')).toThrow('--cell is not an option of ctc (see --help)');
    expect(parseCommandLine(['--cell', 'gru'], FLAGS, 'char-lm').values['cell']).toBe('gru');
  });

  test('values are checked', () => {
    expect(positiveInt('--steps', '7')).toBe(7);
    expect(() => positiveInt('--steps', '0')).toThrow('--steps must be a positive integer, got "0"');
    expect(() => positiveInt('--steps', '1.5')).toThrow('--steps must be a positive integer, got "1.5"');
    expect(oneOf('--backend', 'cpu', ['wasm', 'cpu'] as const)).toBe('cpu');
    expect(() => oneOf('--backend', 'webgl', ['wasm', 'cpu'] as const)).toThrow('--backend must be wasm or cpu, got "webgl"');
  });
});

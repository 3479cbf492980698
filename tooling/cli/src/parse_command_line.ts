// Parses an app's argv with node:util's parseArgs and turns its errors into one-line messages.
import { parseArgs } from 'node:util';
import type { FlagSpec } from './flag_spec.js';

/** What was given: each flag's value(s) by name (without `--`), and the other arguments. */
export interface CommandLine {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: string[];
}

/**
 * Parses `argv` (without node and the script) against `flags`. `--flag value` and
 * `--flag=value` both work for every flag; `-h` is `--help`. With `command`, a flag whose
 * `commands` leave it out is refused. Errors are one line ending in "(see --help)".
 */
export function parseCommandLine(argv: readonly string[], flags: Readonly<Record<string, FlagSpec>>, command?: string): CommandLine {
  const options: Record<string, { type: 'boolean' | 'string'; multiple?: boolean; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, spec] of Object.entries(flags)) options[name] = { type: spec.type, ...(spec.multiple === true ? { multiple: true } : {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new Error(`${oneLine(e)} (see --help)`, { cause: e });
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (command !== undefined) {
    for (const name of Object.keys(values)) {
      const allowed = flags[name]?.commands;
      if (allowed !== undefined && !allowed.includes(command)) throw new Error(`--${name} is not an option of ${command} (see --help)`);
    }
  }
  return { values, positionals: parsed.positionals };
}

/** parseArgs's messages, shortened to the flag and what was wrong with it. */
function oneLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown !== null) return `unknown option ${unknown[1] ?? ''}`;
  const needsValue = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (needsValue !== null) return `${needsValue[1] ?? ''} needs a value`;
  const noValue = /Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(message);
  if (noValue !== null) return `${noValue[1] ?? ''} takes no value`;
  return message.split('\n')[0] ?? message;
}

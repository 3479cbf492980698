// Every export of every public package, called with bad input: each call must fail with an
// InputError that names the argument at fault.
//
// How to add rows:
// - A package's rows live in ./tables/<package>.ts (one PackageTable per entry point, e.g.
//   `@rnnkit/io` and `@rnnkit/io/node`), listed in ./tables/index.ts.
// - The runner enumerates each entry point's exports at run time; the test "has rows for every
//   export" FAILS for an export that has no rows (or is not listed in `noBadInput` with the
//   reason no input is bad for it). So a new export needs rows in its package's table:
//   `rows: () => ({ myExport: [row('argumentName', 'what is wrong', () => myExport(bad))] })`.
// - ./rows.ts generates the usual cases: `optionRows` (not an object, a misspelt key, each
//   option's bad values by kind), `tensorRows` (not a tensor, disposed, wrong rank / dtype /
//   shape), `lengthsRows`, `functionRows`, `objectRows`.
// - Each row asserts the error's class and `argument` exactly; a call that returns a promise
//   must reject the same way. `pending` exports are listed as todo, never as passing.
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import { useBackend } from '@rnnkit/testing';
import { TABLES } from './tables/index.js';

// The cpu backend starts synchronously, so rows built while the tests are collected (before
// beforeAll) find it ready; useBackend then waits for it properly.
void tf.setBackend('cpu');
beforeAll(async () => {
  await useBackend('cpu');
});

async function outcome(call: () => unknown): Promise<unknown> {
  try {
    const result = call();
    if (result instanceof Promise) await result;
  } catch (e) {
    return e;
  }
  return undefined;
}

let total = 0;
for (const table of TABLES) {
  describe(table.module, () => {
    const rows = table.rows();
    it('has rows for every export', () => {
      const listed = new Set([...Object.keys(rows), ...Object.keys(table.noBadInput ?? {}), ...Object.keys(table.pending ?? {})]);
      const uncovered = Object.keys(table.exports).filter((name) => !listed.has(name) || (name in rows && (rows[name]?.length ?? 0) === 0));
      expect(uncovered).toEqual([]);
      const stale = [...listed].filter((name) => !(name in table.exports));
      expect(stale).toEqual([]);
    });
    for (const [name, reason] of Object.entries(table.pending ?? {})) it.todo(`${name}: ${reason}`);
    const cases = Object.entries(rows).flatMap(([name, list]) => list.map((r) => ({ name, ...r })));
    total += cases.length;
    if (cases.length > 0) it.each(cases)('$name: $what -> InputError naming $argument', async ({ call, argument }) => {
      const error = await outcome(call);
      expect(error).toBeInstanceOf(InputError);
      const e = error as InputError;
      expect({ argument: e.argument, message: e.message }).toEqual({ argument, message: expect.stringMatching(new RegExp(`^${e.fn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .+`)) });
    });
  });
}

describe('the table', () => {
  it('holds at least 600 cases', () => {
    expect(total).toBeGreaterThanOrEqual(600);
  });
});

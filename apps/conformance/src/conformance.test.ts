// Every fixture of the implemented families, forward and every gradient, on cpu and wasm.
import { expect, it } from '@jest/globals';
import * as path from 'node:path';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { expectFixtureToPass, fixtureCases } from './fixture_suite.js';

const FAMILIES = ['torch-rnn', 'torch-cell', 'cells'];
const cases = fixtureCases(FAMILIES);

describeWithBackends(['cpu', 'wasm'], 'reference fixtures', () => {
  it('finds fixtures of every family', () => {
    for (const family of FAMILIES) {
      expect(cases.some(([id]) => id.startsWith(`${family}${path.sep}`))).toBe(true);
    }
  });

  it.each(cases)('%s matches its reference', (_id, file) => {
    expectFixtureToPass(file);
  });
});

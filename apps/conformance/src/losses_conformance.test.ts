// Every losses fixture (cross-entropy, CTC loss and gradient, CTC decoding) on cpu and wasm.
import { expect, it } from '@jest/globals';
import * as path from 'node:path';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { expectFixtureToPass, fixtureCases } from './fixture_suite.js';

const cases = fixtureCases(['losses']);

describeWithBackends(['cpu', 'wasm'], 'losses fixtures', () => {
  it('finds cross-entropy, CTC loss and CTC decoding fixtures', () => {
    const names = cases.map(([, file]) => path.basename(file));
    expect(names.some((n) => n.startsWith('ce_'))).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['ctc_long.json', 'ctc_impossible.json', 'ctc_impossible_zero_inf.json', 'ctc_decode_exact.json']));
  });

  it.each(cases)(
    '%s matches its reference',
    (_id, file) => {
      expectFixtureToPass(file);
    },
    60_000,
  );
});

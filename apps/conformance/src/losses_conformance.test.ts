// Every losses fixture (cross-entropy, CTC loss and gradient, CTC decoding) on cpu and wasm.
import { expect, it } from '@jest/globals';
import { findFixtureFiles, loadFixture, referenceFixturesDir } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import * as path from 'node:path';
import { evaluateFixture } from './evaluate.js';

const files = findFixtureFiles([path.join(referenceFixturesDir(), 'losses')]);

describeWithBackends(['cpu', 'wasm'], 'losses fixtures', () => {
  it('finds cross-entropy, CTC loss and CTC decoding fixtures', () => {
    const names = files.map((f) => path.basename(f));
    expect(names.some((n) => n.startsWith('ce_'))).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['ctc_long.json', 'ctc_impossible.json', 'ctc_impossible_zero_inf.json', 'ctc_decode_exact.json']));
  });

  it.each(files.map((f) => [path.relative(referenceFixturesDir(), f), f]))(
    '%s matches its reference',
    (_id, file) => {
      const result = evaluateFixture(loadFixture(file));
      expect(result.message).toBe('');
      expect(result.status).toBe('pass');
      expect(result.worst_ratio).toBeLessThanOrEqual(1);
    },
    60_000,
  );
});

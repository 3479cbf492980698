// Every fixture of the implemented families, forward and every gradient, on cpu and wasm.
import { expect, it } from '@jest/globals';
import { findFixtureFiles, loadFixture, referenceFixturesDir } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import * as path from 'node:path';
import { evaluateFixture } from './evaluate.js';

const FAMILIES = ['torch-rnn', 'torch-cell', 'cells'];
const files = findFixtureFiles(FAMILIES.map((f) => path.join(referenceFixturesDir(), f)));

describeWithBackends(['cpu', 'wasm'], 'reference fixtures', () => {
  it('finds fixtures of every family', () => {
    for (const family of FAMILIES) {
      expect(files.some((f) => f.includes(`${path.sep}${family}${path.sep}`))).toBe(true);
    }
  });

  it.each(files.map((f) => [path.relative(referenceFixturesDir(), f), f]))('%s matches its reference', (_id, file) => {
    const result = evaluateFixture(loadFixture(file));
    expect(result.message).toBe('');
    expect(result.status).toBe('pass');
    expect(result.worst_ratio).toBeLessThanOrEqual(1);
  });
});

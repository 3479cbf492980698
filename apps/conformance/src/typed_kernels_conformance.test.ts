// The recurrent and loss fixtures again, with the typed-array kernels registered for cpu and wasm:
// registering a backend's kernels changes speed, never results.
import { expect, it } from '@jest/globals';
import * as path from 'node:path';
import '@rnnkit/typed-kernels';
import { findFixtureFiles, loadFixture, referenceFixturesDir } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { evaluateFixture } from './evaluate.js';

const FAMILIES = ['torch-rnn', 'torch-cell', 'cells', 'losses'];
const files = findFixtureFiles(FAMILIES.map((f) => path.join(referenceFixturesDir(), f)));

describeWithBackends(['cpu', 'wasm'], 'reference fixtures with the typed kernels', () => {
  it.each(files.map((f) => [path.relative(referenceFixturesDir(), f), f]))('%s matches its reference', (_id, file) => {
    const result = evaluateFixture(loadFixture(file));
    expect(result.message).toBe('');
    expect(result.status).toBe('pass');
  });
});

// The recurrent and loss fixtures again, with the typed-array kernels registered for cpu and wasm:
// registering a backend's kernels changes speed, never results.
import { it } from '@jest/globals';
import '@rnnkit/backend-cpu-wasm';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { expectFixtureToPass, fixtureCases } from './fixture_suite.js';

const cases = fixtureCases(['torch-rnn', 'torch-cell', 'cells', 'losses']);

describeWithBackends(['cpu', 'wasm'], 'reference fixtures with the typed kernels', () => {
  it.each(cases)('%s matches its reference', (_id, file) => {
    expectFixtureToPass(file);
  });
});

// The interop fixture (a PyTorch classifier saved as safetensors) on cpu and wasm.
import { expect, it } from '@jest/globals';
import * as path from 'node:path';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { expectFixtureToPass, fixtureCases } from './fixture_suite.js';

const cases = fixtureCases(['interop']);

describeWithBackends(['cpu', 'wasm'], 'interop fixtures', () => {
  it('finds the text classifier fixture', () => {
    expect(cases.map(([, file]) => path.basename(file))).toContain('text_classifier_lstm.json');
  });

  it.each(cases)(
    '%s matches its reference',
    (_id, file) => {
      expectFixtureToPass(file);
    },
    60_000,
  );
});

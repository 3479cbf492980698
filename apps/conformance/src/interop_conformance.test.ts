// The interop fixture (a PyTorch classifier saved as safetensors) on cpu and wasm.
import { expect, it } from '@jest/globals';
import { findFixtureFiles, loadFixture, referenceFixturesDir } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import * as path from 'node:path';
import { evaluateFixture } from './evaluate.js';

const files = findFixtureFiles([path.join(referenceFixturesDir(), 'interop')]);

describeWithBackends(['cpu', 'wasm'], 'interop fixtures', () => {
  it('finds the text classifier fixture', () => {
    expect(files.map((f) => path.basename(f))).toContain('text_classifier_lstm.json');
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

// Every tree-lstm and attention fixture, forward and every gradient, on cpu and wasm.
import { expect, it } from '@jest/globals';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describeWithBackends } from '@rnnkit/testing/jest';
import { expectFixtureToPass, fixtureCases } from './fixture_suite.js';

const FAMILIES = ['tree-lstm', 'attention'];
const cases = fixtureCases(FAMILIES);

describeWithBackends(['cpu', 'wasm'], 'tree-lstm and attention fixtures', () => {
  it('finds fixtures of every family', () => {
    for (const family of FAMILIES) {
      expect(cases.some(([id]) => id.startsWith(`${family}${path.sep}`))).toBe(true);
    }
  });

  it.each(cases)('%s matches its reference without leaking', (_id, file) => {
    const before = tf.memory().numTensors;
    expectFixtureToPass(file);
    expect(tf.memory().numTensors).toBe(before);
  });
});

// Every tree-lstm and attention fixture, forward and every gradient, on cpu and wasm.
import { expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { findFixtureFiles, loadFixture, referenceFixturesDir } from '@rnnkit/testing';
import { describeWithBackends } from '@rnnkit/testing/jest';
import * as path from 'node:path';
import { evaluateFixture } from './evaluate.js';

const FAMILIES = ['tree-lstm', 'attention'];
const files = findFixtureFiles(FAMILIES.map((f) => path.join(referenceFixturesDir(), f)));

describeWithBackends(['cpu', 'wasm'], 'tree-lstm and attention fixtures', () => {
  it('finds fixtures of every family', () => {
    for (const family of FAMILIES) {
      expect(files.some((f) => f.includes(`${path.sep}${family}${path.sep}`))).toBe(true);
    }
  });

  it.each(files.map((f) => [path.relative(referenceFixturesDir(), f), f]))('%s matches its reference without leaking', (_id, file) => {
    const before = tf.memory().numTensors;
    const result = evaluateFixture(loadFixture(file));
    expect(result.message).toBe('');
    expect(result.status).toBe('pass');
    expect(result.worst_ratio).toBeLessThanOrEqual(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});

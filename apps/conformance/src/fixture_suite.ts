// What every conformance jest suite shares: the fixture files of some families as test cases,
// and the check that one fixture passes through the public API.
import { expect } from '@jest/globals';
import * as path from 'node:path';
import { findFixtureFiles, loadFixture, referenceFixturesDir } from '@rnnkit/testing';
import { evaluateFixture } from './evaluate.js';

/** `[family/name.json, file]` for every fixture of the families, for `it.each`. */
export function fixtureCases(families: readonly string[]): Array<[string, string]> {
  const root = referenceFixturesDir();
  return findFixtureFiles(families.map((f) => path.join(root, f))).map((file) => [path.relative(root, file), file]);
}

/** Evaluates the fixture on the active backend and expects every output and gradient in tolerance. */
export function expectFixtureToPass(file: string): void {
  const result = evaluateFixture(loadFixture(file));
  expect(result.message).toBe('');
  expect(result.status).toBe('pass');
  expect(result.worst_ratio).toBeLessThanOrEqual(1);
}

export { NODE_BACKENDS, useBackend } from './backends.js';
export type { NodeBackend } from './backends.js';
export { findFixtureFiles, loadFixture, referenceFixturesDir } from './fixture.js';
export type { Fixture, FixtureTensor } from './fixture.js';
export { tensorCountsOverSteps } from './leak_check.js';
export { fixtureToTensor } from './to_tensor.js';
export { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, compareValues } from './tolerance.js';
export type { Comparison, Tolerance } from './tolerance.js';

// Runs one jest suite once per backend, so a test file covers every backend a package claims.
import { beforeAll, describe } from '@jest/globals';
import { useBackend } from './backends.js';

/**
 * `describe(title [backend])` for each backend, with the backend made active before its tests.
 * The suite body gets the backend's name.
 */
export function describeWithBackends(backends: readonly string[], title: string, body: (backend: string) => void): void {
  for (const backend of backends) {
    describe(`${title} [${backend}]`, () => {
      beforeAll(async () => {
        await useBackend(backend);
      });
      body(backend);
    });
  }
}

// Imports a replica module in Node and builds its replica (internal).
import { fileURLToPath } from 'node:url';
import { buildReplica } from './build_replica.js';
import type { Replica } from './replica.js';

/**
 * The module at a `file:` URL. The TypeScript sources run as CommonJS (under jest, and in worker
 * threads through tsx's require hook, since Node 20 applies no import hooks in workers) where
 * only `require` goes through the TypeScript transform; the ESM build imports. The CommonJS build
 * also has `require`, which refuses an ES module replica on Node 20: that one is imported. The
 * check is on `__filename`, which only CommonJS defines: the ESM build has a stand-in `require`
 * from the bundler that throws.
 */
async function importModule(fileUrl: string): Promise<unknown> {
  if (typeof __filename === 'string' && typeof require === 'function') {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- only require reaches the transform here (above)
      return require(fileURLToPath(fileUrl)) as unknown;
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'ERR_REQUIRE_ESM') throw e;
    }
  }
  return import(fileUrl);
}

/** The replica of the module at `moduleUrl`, built with `options`; `fn` names the caller in errors. */
export async function loadReplica(fn: string, moduleUrl: string, options: unknown): Promise<Replica> {
  return buildReplica(fn, await importModule(moduleUrl), options);
}

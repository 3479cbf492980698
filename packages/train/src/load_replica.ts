// Imports a replica module and builds its replica, checking the contract (internal).
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
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
  const loaded = await importModule(moduleUrl);
  const create = (loaded as { createReplica?: unknown }).createReplica;
  if (typeof create !== 'function') {
    throw new InputError(fn, 'module', `module must export a function createReplica(options), got ${describeValue(create)}`);
  }
  const replica = (await (create as (o: unknown) => unknown)(options)) as Partial<Replica> | null;
  if (typeof replica !== 'object' || replica === null || typeof replica.loss !== 'function'
    || typeof replica.variables !== 'object' || replica.variables === null || Object.keys(replica.variables).length === 0) {
    throw new InputError(fn, 'module', `createReplica must return { variables, loss }, got ${describeValue(replica)}`);
  }
  for (const [name, v] of Object.entries(replica.variables)) {
    if (!(v instanceof tf.Variable) || v.dtype !== 'float32') {
      throw new InputError(fn, `replica.variables.${name}`, `replica.variables.${name} must be a float32 tf.Variable, got ${describeValue(v)}`);
    }
  }
  return replica as Replica;
}

// Builds the replica of a loaded replica module, checking the contract (internal, platform-free).
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import type { Replica } from './replica.js';

/** The replica that the loaded module's `createReplica(options)` returns; `fn` names the caller in errors. */
export async function buildReplica(fn: string, loaded: unknown, options: unknown): Promise<Replica> {
  const create = (loaded as { createReplica?: unknown } | null)?.createReplica;
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

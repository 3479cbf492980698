// Imports a replica module in a browser (page or Web Worker) and builds its replica (internal).
import { buildReplica } from './build_replica.js';
import type { Replica } from './replica.js';

/** The replica of the ES module at `moduleUrl` (absolute), built with `options`; `fn` names the caller in errors. */
export async function loadReplicaWeb(fn: string, moduleUrl: string, options: unknown): Promise<Replica> {
  // The URL is known only at run time: bundlers must leave this import to the browser.
  const loaded: unknown = await import(/* webpackIgnore: true */ /* @vite-ignore */ moduleUrl);
  return buildReplica(fn, loaded, options);
}

// Runs the tf.layers peer in a child process: a wasm abort (out of memory) kills the module for
// the rest of its process, so the peer must not share a process with the project's layers.
import { startBackend } from './start_backend.js';
import type { RecurrentCase, StreamCase } from './cases.js';
import type { Runner } from './ours.js';
import { peerRunner, peerStreamRunner } from './peer.js';
import { timeMs } from './stats.js';

export type PeerRequest =
  | { type: 'setup'; backend: string; case: RecurrentCase | StreamCase }
  | { type: 'forward' }
  | { type: 'train' };

export type PeerReply = { ok: true; ms?: number } | { ok: false; error: string };

let runner: Runner | undefined;

async function handle(request: PeerRequest): Promise<PeerReply> {
  if (request.type === 'setup') {
    runner?.dispose();
    await startBackend(request.backend);
    runner = request.case.kind === 'stream' ? peerStreamRunner(request.case) : peerRunner(request.case);
    return { ok: true };
  }
  if (runner === undefined) return { ok: false, error: 'peer used before setup' };
  const r = runner;
  return { ok: true, ms: timeMs(() => (request.type === 'forward' ? r.forward() : r.trainStep())) };
}

/**
 * Collects the garbage of the peer's step before replying: otherwise V8 sweeps it on another
 * core while the parent times the project's layers, and both compete for memory bandwidth.
 */
function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

process.on('message', (request: PeerRequest) => {
  handle(request).then(
    (reply) => {
      settle();
      process.send?.(reply);
    },
    (e: unknown) => process.send?.({ ok: false, error: e instanceof Error ? e.message.split('\n')[0] : String(e) }),
  );
});

// The worker thread of `DataParallel`: one replica that computes the gradient of its shard.
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type { FromWorker, ToWorker, VariableLayout } from './data_parallel_protocol.js';
import { loadReplica } from './load_replica.js';
import type { Replica } from './replica.js';
import { shardGradients } from './shard_gradients.js';

interface State {
  replica: Replica;
  layout: VariableLayout[];
  weights: Float32Array;
  gradients: Float32Array;
}

let state: State | undefined;

function reply(message: FromWorker): void {
  parentPort?.postMessage(message);
}

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'init') {
    const replica = await loadReplica('DataParallel.start', message.moduleUrl, message.replicaOptions);
    for (const l of message.layout) {
      const v = replica.variables[l.name];
      if (v === undefined || v.size !== l.size || v.shape.join(',') !== l.shape.join(',')) {
        throw new Error(`the replica of a worker thread has ${v === undefined ? 'no' : `a [${v.shape.join(', ')}]`} variable ${l.name}, the main thread's is [${l.shape.join(', ')}]`);
      }
    }
    state = { replica, layout: message.layout, weights: new Float32Array(message.weights), gradients: new Float32Array(message.gradients) };
    reply({ type: 'ready' });
  } else if (message.type === 'step') {
    if (state === undefined) throw new Error('step before init');
    const s = state;
    // The main thread's weights are the truth: every step starts from them, so the replicas
    // never drift apart. The copy (slice) keeps tfjs from holding a view of memory the main
    // thread rewrites.
    tf.tidy(() => {
      for (const l of s.layout) (s.replica.variables[l.name] as tf.Variable).assign(tf.tensor(s.weights.slice(l.offset, l.offset + l.size), l.shape));
    });
    reply({ type: 'done', ...shardGradients(s.replica, s.layout, message.shard, s.gradients) });
  } else {
    state?.replica.dispose?.();
    state = undefined;
    reply({ type: 'closed' });
    // Nothing else keeps the thread alive: it exits with code 0.
    parentPort?.close();
  }
}

parentPort?.on('message', (message: ToWorker) => {
  handle(message).catch((e: unknown) => reply({ type: 'error', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined }));
});

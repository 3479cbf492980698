// The worker side of DataParallel, whatever runs the thread: one replica that computes the
// gradient of its shard (internal).
import * as tf from '@tensorflow/tfjs-core';
import type { FromWorker, ToWorker, VariableLayout } from './data_parallel_protocol.js';
import type { Replica } from './replica.js';
import { shardGradients } from './shard_gradients.js';

/** What the worker needs from its platform. */
export interface WorkerPort {
  reply(message: FromWorker): void;
  /** Lets the thread end once the last reply is sent. */
  close(): void;
  /** Imports the replica module at `moduleUrl` and builds its replica. */
  loadReplica(fn: string, moduleUrl: string, options: unknown): Promise<Replica>;
}

interface State {
  replica: Replica;
  layout: VariableLayout[];
  weights: Float32Array;
  gradients: Float32Array;
}

/** The handler of the messages of `DataParallel`: each is answered by one reply on `port`. */
export function workerHandler(port: WorkerPort): (message: ToWorker) => void {
  let state: State | undefined;

  async function handle(message: ToWorker): Promise<void> {
    if (message.type === 'init') {
      const replica = await port.loadReplica('DataParallel.start', message.moduleUrl, message.replicaOptions);
      for (const l of message.layout) {
        const v = replica.variables[l.name];
        if (v === undefined || v.size !== l.size || v.shape.join(',') !== l.shape.join(',')) {
          throw new Error(`the replica of a worker thread has ${v === undefined ? 'no' : `a [${v.shape.join(', ')}]`} variable ${l.name}, the main thread's is [${l.shape.join(', ')}]`);
        }
      }
      state = { replica, layout: message.layout, weights: new Float32Array(message.weights), gradients: new Float32Array(message.gradients) };
      port.reply({ type: 'ready' });
    } else if (message.type === 'step') {
      if (state === undefined) throw new Error('step before init');
      const s = state;
      // The main thread's weights are the truth: every step starts from them, so the replicas
      // never drift apart. The copy (slice) keeps tfjs from holding a view of memory the main
      // thread rewrites.
      tf.tidy(() => {
        for (const l of s.layout) (s.replica.variables[l.name] as tf.Variable).assign(tf.tensor(s.weights.slice(l.offset, l.offset + l.size), l.shape));
      });
      port.reply({ type: 'done', ...shardGradients(s.replica, s.layout, message.shard, s.gradients) });
    } else {
      state?.replica.dispose?.();
      state = undefined;
      port.reply({ type: 'closed' });
      port.close();
    }
  }

  return (message) => {
    handle(message).catch((e: unknown) => port.reply({ type: 'error', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined }));
  };
}

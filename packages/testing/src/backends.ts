// Sets up the TensorFlow.js backends the tests and tools run on in Node.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

/** The backends available in Node without native TensorFlow. */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

/** Makes `name` the active backend, waiting for it to initialise. */
export async function useBackend(name: string): Promise<void> {
  // PROD silences tfjs's console advice to install tfjs-node, which cannot install here.
  tf.env().set('PROD', true);
  if (!(NODE_BACKENDS as readonly string[]).includes(name)) {
    throw new Error(`useBackend: backend must be one of ${NODE_BACKENDS.join(', ')}, got ${JSON.stringify(name)}`);
  }
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`useBackend: backend ${name} failed to initialise`);
}

// Calls back when a backend frees a tensor's data, so whatever was derived from that data
// (prepared weight layouts) is freed with it instead of outliving it or serving it stale.
import type { DataId } from '@tensorflow/tfjs-core';
import { KernelBackend } from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import { watchFreedData } from './engine_internals.js';

type Release = () => void;

/** The callbacks of each backend instance, per data id not yet freed. */
const watched = new WeakMap<KernelBackend, Map<DataId, Release[]>>();

function callbacksOf(backend: KernelBackend): Map<DataId, Release[]> {
  let callbacks = watched.get(backend);
  if (callbacks === undefined) {
    const pending = new Map<DataId, Release[]>();
    callbacks = pending;
    watchFreedData(backend, (dataId) => {
      const releases = pending.get(dataId);
      if (releases !== undefined) {
        pending.delete(dataId);
        for (const release of releases) release();
      }
    });
    watched.set(backend, pending);
  }
  return callbacks;
}

/**
 * Calls `release` once, when `backend` frees the data `dataId` (every reference to it gone).
 * tfjs never changes a tensor's data in place (an updated variable gets new data), so what was
 * computed from the data stays right exactly until then.
 */
export function whenReleased(backend: KernelBackend, dataId: DataId, release: Release): void {
  const FN = 'whenReleased';
  if (!(backend instanceof KernelBackend)) throw new InputError(FN, 'backend', `backend must be a tfjs KernelBackend, got ${describeValue(backend)}`);
  if (typeof dataId !== 'object' || dataId === null) throw new InputError(FN, 'dataId', `dataId must be a tensor's data id (an object), got ${describeValue(dataId)}`);
  if (typeof release !== 'function') throw new InputError(FN, 'release', `release must be a function, got ${describeValue(release)}`);
  const callbacks = callbacksOf(backend);
  const releases = callbacks.get(dataId);
  if (releases === undefined) callbacks.set(dataId, [release]);
  else releases.push(release);
}

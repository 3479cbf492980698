// Calls back when a backend frees a tensor's data, so whatever was derived from that data
// (prepared weight layouts) is freed with it instead of outliving it or serving it stale.
import type { DataId, KernelBackend } from '@tensorflow/tfjs-core';

type Release = () => void;

/** The callbacks of each backend instance, per data id not yet freed. */
const watched = new WeakMap<KernelBackend, Map<DataId, Release[]>>();

function callbacksOf(backend: KernelBackend): Map<DataId, Release[]> {
  let callbacks = watched.get(backend);
  if (callbacks === undefined) {
    const pending = new Map<DataId, Release[]>();
    callbacks = pending;
    // Every path that frees data (disposing a tensor or a variable, a variable's assign, moving
    // data to another backend, a kernel's intermediate) ends in the backend's disposeData, which
    // says whether it freed the data or only dropped one reference.
    const disposeData = backend.disposeData.bind(backend);
    backend.disposeData = (dataId: DataId, force?: boolean): boolean => {
      const freed = disposeData(dataId, force);
      const releases = freed ? pending.get(dataId) : undefined;
      if (releases !== undefined) {
        pending.delete(dataId);
        for (const release of releases) release();
      }
      return freed;
    };
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
  const callbacks = callbacksOf(backend);
  const releases = callbacks.get(dataId);
  if (releases === undefined) callbacks.set(dataId, [release]);
  else releases.push(release);
}

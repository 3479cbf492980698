// The one place the cpu and wasm kernels reach the private parts of tfjs-backend-cpu and
// tfjs-backend-wasm, behind a version check.
import { version_core } from '@tensorflow/tfjs-core';
import type { DataId, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { checkTfjsVersion } from '@rnnkit/ops';

/** The parts of tfjs-backend-cpu's MathBackendCPU the kernels use. */
export interface CpuBackend extends KernelBackend {
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
  data: { get(dataId: DataId): { values: unknown } };
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

/** The parts of tfjs-backend-wasm's BackendWasm the kernels use. */
export interface WasmBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  dataIdMap: { get(dataId: DataId): { id: number; memoryOffset: number }; delete(dataId: DataId): boolean };
  disposeData(dataId: DataId, force?: boolean): boolean;
  wasm: { tfjs: { disposeData(id: number): void }; asm: { memory: WebAssembly.Memory } };
}

const checked = new WeakSet<KernelBackend>();

/**
 * Checks, once per backend instance, that tfjs is in the supported range and that `backend` has
 * every member named in `members`; a missing one means a tfjs version whose internals differ.
 */
function checkBackend(backend: KernelBackend, name: string, members: readonly string[]): void {
  if (checked.has(backend)) return;
  checkTfjsVersion(version_core);
  const missing = members.filter((m) => !(m in backend));
  if (missing.length > 0) checkTfjsVersion(`unknown (its ${name} backend has no ${missing.join(', ')})`);
  checked.add(backend);
}

/** The cpu backend's internals, after checking they are the ones the kernels were written for. */
export function cpuInternals(backend: KernelBackend): CpuBackend {
  checkBackend(backend, 'cpu', ['makeTensorInfo', 'data', 'disposeIntermediateTensorInfo']);
  return backend as CpuBackend;
}

/** The wasm backend's internals, after checking they are the ones the kernels were written for. */
export function wasmInternals(backend: KernelBackend): WasmBackend {
  checkBackend(backend, 'wasm', ['makeOutput', 'typedArrayFromHeap', 'dataIdMap', 'disposeData', 'wasm']);
  return backend as WasmBackend;
}

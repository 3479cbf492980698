/**
 * The same kernels and setup without registering anything on import.
 * @module @rnnkit/backend-cpu-wasm/base
 */
// The kernel configs of the fused sequence operations for the cpu and wasm backends, without
// registering them (index.ts registers).
import type { KernelBackend, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import {
  GRU_SEQUENCE,
  GRU_SEQUENCE_GRAD,
  LSTM_PROJ_SEQUENCE,
  LSTM_PROJ_SEQUENCE_GRAD,
  LSTM_SEQUENCE,
  LSTM_SEQUENCE_GRAD,
  RNN_SEQUENCE,
  RNN_SEQUENCE_GRAD,
} from '@rnnkit/ops';
import { CTC_LOSS, CTC_LOSS_GRAD } from '@rnnkit/losses';
import { cpuMemory, wasmMemory } from './backend_memory.js';
import { ctcBackward, ctcForward } from './ctc_kernels.js';
import { gruBackward, gruForward } from './gru_kernels.js';
import type { KernelMemory } from './kernel_memory.js';
import { lstmBackward, lstmForward } from './lstm_kernels.js';
import { rnnBackward, rnnForward } from './rnn_kernels.js';

type Body = (memory: KernelMemory, inputs: Record<string, TensorInfo | undefined>, attrs: NamedAttrMap) => TensorInfo[];

const BODIES: ReadonlyArray<[string, Body]> = [
  [LSTM_SEQUENCE, lstmForward],
  [LSTM_SEQUENCE_GRAD, lstmBackward],
  [LSTM_PROJ_SEQUENCE, lstmForward],
  [LSTM_PROJ_SEQUENCE_GRAD, lstmBackward],
  [GRU_SEQUENCE, gruForward],
  [GRU_SEQUENCE_GRAD, gruBackward],
  [RNN_SEQUENCE, rnnForward],
  [RNN_SEQUENCE_GRAD, rnnBackward],
  [CTC_LOSS, ctcForward],
  [CTC_LOSS_GRAD, ctcBackward],
];

function configsFor(backendName: string, memoryOf: (backend: KernelBackend) => KernelMemory): KernelConfig[] {
  return BODIES.map(([kernelName, body]) => ({
    kernelName,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) => body(memoryOf(backend as KernelBackend), inputs, attrs ?? {}),
  }));
}

/** Kernels for tfjs-backend-cpu: gate arithmetic in plain loops over its typed arrays. */
export const cpuKernelConfigs: readonly KernelConfig[] = configsFor('cpu', cpuMemory);

/** Kernels for tfjs-backend-wasm: gate arithmetic in place on the module's heap. */
export const wasmKernelConfigs: readonly KernelConfig[] = configsFor('wasm', wasmMemory);

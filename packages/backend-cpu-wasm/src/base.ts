/**
 * The same kernels without registering anything on import.
 * @module @rnnkit/backend-cpu-wasm/base
 */
// The kernel configs of the fused operations for the cpu and wasm backends, without registering
// them (register_kernels.ts registers).
import type { KernelBackend, KernelConfig } from '@tensorflow/tfjs-core';
import {
  ctcLossGradOp,
  ctcLossOp,
  fusedKernelConfig,
  gruResetBeforeSequenceGradOp,
  gruResetBeforeSequenceOp,
  gruSequenceGradOp,
  gruSequenceOp,
  lstmProjSequenceGradOp,
  lstmProjSequenceOp,
  lstmSequenceGradOp,
  lstmSequenceOp,
  rnnSequenceGradOp,
  rnnSequenceOp,
} from '@rnnkit/ops';
import { cpuMemory, wasmMemory } from './backend_memory.js';
import { ctcBackward, ctcForward } from './ctc_kernels.js';
import { gruBackward, gruForward } from './gru_kernels.js';
import { gruResetBeforeBackward, gruResetBeforeForward } from './gru_reset_before_kernels.js';
import type { KernelMemory } from './kernel_memory.js';
import { lstmBackward, lstmForward } from './lstm_kernels.js';
import { rnnBackward, rnnForward } from './rnn_kernels.js';

function configsFor(backendName: string, memoryOf: (backend: KernelBackend) => KernelMemory): KernelConfig[] {
  return [
    fusedKernelConfig(lstmSequenceOp.spec, backendName, (inputs, attrs, backend) => lstmForward(memoryOf(backend), inputs, attrs)),
    fusedKernelConfig(lstmSequenceGradOp.spec, backendName, (inputs, attrs, backend) => lstmBackward(memoryOf(backend), inputs, attrs)),
    fusedKernelConfig(lstmProjSequenceOp.spec, backendName, (inputs, attrs, backend) => lstmForward(memoryOf(backend), inputs, attrs)),
    fusedKernelConfig(lstmProjSequenceGradOp.spec, backendName, (inputs, attrs, backend) => {
      const { dwHr, ...grads } = lstmBackward(memoryOf(backend), inputs, attrs);
      if (dwHr === undefined) throw new Error(`${lstmProjSequenceGradOp.spec.kernelName}: no dwHr`);
      return { ...grads, dwHr };
    }),
    fusedKernelConfig(gruSequenceOp.spec, backendName, (inputs, attrs, backend) => gruForward(memoryOf(backend), inputs, attrs)),
    fusedKernelConfig(gruSequenceGradOp.spec, backendName, (inputs, attrs, backend) => gruBackward(memoryOf(backend), inputs, attrs)),
    fusedKernelConfig(gruResetBeforeSequenceOp.spec, backendName, (inputs, attrs, backend) => gruResetBeforeForward(memoryOf(backend), inputs, attrs)),
    fusedKernelConfig(gruResetBeforeSequenceGradOp.spec, backendName, (inputs, attrs, backend) => gruResetBeforeBackward(memoryOf(backend), inputs, attrs)),
    fusedKernelConfig(rnnSequenceOp.spec, backendName, (inputs, attrs, backend) => rnnForward(memoryOf(backend), inputs, attrs)),
    fusedKernelConfig(rnnSequenceGradOp.spec, backendName, (inputs, attrs, backend) => rnnBackward(memoryOf(backend), inputs, attrs)),
    fusedKernelConfig(ctcLossOp.spec, backendName, (inputs, attrs, backend) => ctcForward(memoryOf(backend), inputs, attrs)),
    fusedKernelConfig(ctcLossGradOp.spec, backendName, (inputs, attrs, backend) => ctcBackward(memoryOf(backend), inputs, attrs)),
  ];
}

/** Kernels for tfjs-backend-cpu: gate arithmetic in plain loops over its typed arrays. */
export const cpuKernelConfigs: readonly KernelConfig[] = configsFor('cpu', cpuMemory);

/** Kernels for tfjs-backend-wasm: gate arithmetic in place on the module's heap. */
export const wasmKernelConfigs: readonly KernelConfig[] = configsFor('wasm', wasmMemory);

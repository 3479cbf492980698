// The project's WebGL kernels for the fused operations.
import type { KernelConfig } from '@tensorflow/tfjs-core';

/**
 * WebGL kernels that replace the portable fused operations. None yet: on webgl the fused
 * sequence operations and CTC run their portable implementations (built from tfjs ops, which
 * webgl runs as shaders), and the browser conformance suite checks those against the references.
 * A kernel added here must pass that suite with the same tolerances.
 */
export const webglKernelConfigs: readonly KernelConfig[] = [];

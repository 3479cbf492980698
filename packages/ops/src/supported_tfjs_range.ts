// The TensorFlow.js versions whose private internals the fused operations and kernels are tested on.

/**
 * The semver range of `@tensorflow/tfjs-core` (and the tfjs backends beside it) that rnnkit is
 * tested against. The fused operations and kernels reach a few tfjs internals, each through one
 * checked module per package, and refuse to run on a version outside this range.
 */
export const SUPPORTED_TFJS_RANGE = '^4.22.0';

// Registers the cpu and wasm backends and the kernels of the fused operations for them: the one
// module of this package with side effects (package.json's `sideEffects` names it).
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@rnnkit/backend-cpu-wasm';

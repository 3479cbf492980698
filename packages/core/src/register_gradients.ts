// Loads TensorFlow.js's gradient and chained-op registrations, which tfjs-core alone does not
// register. The union package registers them into the same global registries that
// `@tensorflow/tfjs-core` reads, in both its CommonJS (Node) and ES module (bundler) builds.
import '@tensorflow/tfjs';

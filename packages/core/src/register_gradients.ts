// Registers TensorFlow.js's gradients, which `@tensorflow/tfjs-core`'s entry point leaves out.
// `#tfjs-gradients` (package.json "imports") picks the source by environment: a bundler (browser)
// takes tfjs-core's own `register_all_gradients` module, so an app's bundle carries no
// tfjs-layers, tfjs-converter or tfjs-data code; Node takes `@tensorflow/tfjs`, because
// tfjs-core ships those registrations only as ES modules with extensionless imports, which Node
// cannot load, while the union package's Node build registers them into the same global registry.
import '#tfjs-gradients';

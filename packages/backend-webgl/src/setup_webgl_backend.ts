// Starts TensorFlow.js's WebGL backend in the browser and checks it computes in float32.
import * as tf from '@tensorflow/tfjs-core';
import { checkBoolean, checkKnownOptions } from '@rnnkit/core';
import type { SetupWebglBackendOptions } from './setup_webgl_backend_options.js';
import type { WebglSetup } from './webgl_setup.js';

const FN = 'setupWebglBackend';

/**
 * Makes `webgl` the active backend and reports its WebGL version and float32 support. The
 * backend must be registered, which importing `@rnnkit/backend-webgl` does (its `/base` entry
 * point does not).
 *
 * ```ts
 * import { setupWebglBackend } from '@rnnkit/backend-webgl';
 * const { webglVersion } = await setupWebglBackend();
 * ```
 */
export async function setupWebglBackend(options: SetupWebglBackendOptions = {}): Promise<WebglSetup> {
  checkKnownOptions(FN, 'options', options, ['requireFloat32']);
  const { requireFloat32 = true } = options;
  checkBoolean(FN, 'options.requireFloat32', requireFloat32);
  if (tf.findBackendFactory('webgl') === null) {
    throw new Error(`${FN}: no webgl backend is registered; import '@rnnkit/backend-webgl' rather than its /base entry point`);
  }
  const ok = await tf.setBackend('webgl');
  if (!ok || tf.getBackend() !== 'webgl') {
    throw new Error(`${FN}: the webgl backend failed to start (no WebGL context in this browser?)`);
  }
  const webglVersion = tf.env().getNumber('WEBGL_VERSION');
  const float32 = tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
  if (requireFloat32 && !float32) {
    throw new Error(`${FN}: this GPU cannot render to float32 textures (WebGL ${webglVersion}); results would be float16`);
  }
  return { backend: 'webgl', webglVersion, float32 };
}

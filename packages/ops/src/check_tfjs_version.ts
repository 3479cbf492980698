// Refuses a TensorFlow.js version outside the tested range before any of its internals is touched.
import { SUPPORTED_TFJS_RANGE } from './supported_tfjs_range.js';

const SUPPORTED = { major: 4, minor: 22, patch: 0 };

/**
 * Throws one clear error unless `version` (of the package named by `what`) lies in
 * {@link SUPPORTED_TFJS_RANGE}: same major version, at least the tested minor and patch, no
 * pre-release. A caret range of one version is all this needs, so it is checked by hand rather
 * than shipping a semver parser in every browser bundle.
 */
export function checkTfjsVersion(version: string, what = '@tensorflow/tfjs-core'): void {
  const parts = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  const [major, minor, patch] = parts === null ? [] : parts.slice(1).map(Number);
  const inRange =
    major === SUPPORTED.major &&
    minor !== undefined &&
    patch !== undefined &&
    (minor > SUPPORTED.minor || (minor === SUPPORTED.minor && patch >= SUPPORTED.patch));
  if (!inRange) {
    throw new Error(
      `rnnkit supports ${what} ${SUPPORTED_TFJS_RANGE}, found ${JSON.stringify(version)}: install a version in that range (rnnkit's fused operations use tfjs internals that change between versions)`,
    );
  }
}

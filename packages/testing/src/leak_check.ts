// Checks that repeating a step leaves the number of live tensors flat.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `step` `repeats` times and returns the live tensor count after the second run and after
 * the last. A step that leaks nothing gives two equal numbers.
 */
export async function tensorCountsOverSteps(step: () => void | Promise<void>, repeats = 10): Promise<{ afterSecond: number; afterLast: number }> {
  let afterSecond = -1;
  for (let k = 1; k <= repeats; k++) {
    await step();
    if (k === 2) afterSecond = tf.memory().numTensors;
  }
  return { afterSecond, afterLast: tf.memory().numTensors };
}

// The one place the fused operations reach tfjs-core's engine internals, behind a version check.
import * as tf from '@tensorflow/tfjs-core';
import type { GradSaveFunc, NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';
import { checkTfjsVersion } from './check_tfjs_version.js';

/** What the engine of tfjs-core 4.x has that its public API does not expose. */
interface PrivateEngine {
  isTapeOn(): boolean;
  /** The gradient tape while one records: its last node is the operation that ran last. */
  state: { activeTape: Array<{ saved?: tf.Tensor[] }> | null };
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: GradSaveFunc) => tf.Tensor[];
    backwardsFunc?: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
    inputs: NamedTensorMap;
    attrs?: NamedAttrMap;
  }): tf.Tensor | tf.Tensor[];
}

/** The engine internals the fused operations use. */
export interface EngineInternals {
  /** Whether a gradient tape records the operation about to run. */
  isTapeOn(): boolean;
  /**
   * Runs `forward` as one operation (the engine entry behind tf.customGrad, which takes several
   * outputs where tf.customGrad takes one): its own ops are not recorded on the tape, and
   * `backward`, when given, is its gradient.
   */
  runOp: PrivateEngine['runKernelFunc'];
  /** What the tape node recorded last keeps for its backward pass, or undefined. */
  lastSaved(): tf.Tensor[] | undefined;
}

let checked: EngineInternals | undefined;

/** The engine's internals, after checking the tfjs-core version once. */
export function engineInternals(): EngineInternals {
  if (checked !== undefined) return checked;
  checkTfjsVersion(tf.version_core);
  const engine = tf.engine() as unknown as Partial<PrivateEngine>;
  if (typeof engine.runKernelFunc !== 'function' || typeof engine.isTapeOn !== 'function' || engine.state === undefined) {
    checkTfjsVersion('unknown (its engine has no runKernelFunc)');
  }
  const known = engine as PrivateEngine;
  checked = {
    isTapeOn: () => known.isTapeOn(),
    runOp: (params) => known.runKernelFunc(params),
    lastSaved: () => {
      const tape = known.state.activeTape;
      return tape?.[tape.length - 1]?.saved;
    },
  };
  return checked;
}

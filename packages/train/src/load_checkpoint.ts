// Reads a trainer checkpoint from disk (Node) and restores the trainer from it.
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { InputError, describeValue } from '@rnnkit/core';
import { readSafetensorsFile } from '@rnnkit/io/node';
import type { CarriedState } from './carried_state.js';
import type { EarlyStopping } from './early_stopping.js';
import type { RestoredExtras } from './restore_trainer.js';
import { restoreTrainer } from './restore_trainer.js';
import { checkExtras } from './check_extras.js';
import { Trainer } from './trainer.js';

/**
 * Restores `trainer` (and `carried`, `earlyStopping`) from `${path}.safetensors` and
 * `${path}.json` written by `saveCheckpoint`. The returned `extra` tensors are the caller's to
 * dispose; everything else read is freed.
 */
export function loadCheckpoint(
  path: string,
  trainer: Trainer,
  extras: { carried?: CarriedState; earlyStopping?: EarlyStopping } = {},
): RestoredExtras {
  const fn = 'loadCheckpoint';
  if (typeof path !== 'string' || path === '') throw new InputError(fn, 'path', `path must be a file path without extension, got ${describeValue(path)}`);
  if (!(trainer instanceof Trainer)) throw new InputError(fn, 'trainer', `trainer must be a Trainer, got ${describeValue(trainer)}`);
  checkExtras(fn, extras, ['carried', 'earlyStopping']);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(`${path}.json`, 'utf8'));
  } catch (e) {
    throw new InputError(fn, 'path', `cannot read ${path}.json: ${e instanceof Error ? e.message : String(e)}`);
  }
  let tensors: Record<string, tf.Tensor>;
  try {
    tensors = readSafetensorsFile(`${path}.safetensors`).tensors;
  } catch (e) {
    if (e instanceof InputError) throw new InputError(fn, 'path', e.message.slice(e.fn.length + 2));
    throw e;
  }
  try {
    const restored = restoreTrainer(trainer, { tensors, json }, extras);
    const kept = new Set(Object.values(restored.tensors));
    tf.dispose(Object.values(tensors).filter((t) => !kept.has(t)));
    return restored;
  } catch (e) {
    tf.dispose(Object.values(tensors));
    throw e;
  }
}

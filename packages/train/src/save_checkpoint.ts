// Writes a trainer checkpoint to disk (Node): tensors as safetensors, the rest as JSON.
import { InputError, describeValue } from '@rnnkit/core';
import { checkWritablePath, writeFileAtomic, writeSafetensorsFile } from '@rnnkit/io/node';
import type { Trainer } from './trainer.js';
import type { CheckpointExtras } from './trainer_checkpoint.js';
import { trainerCheckpoint } from './trainer_checkpoint.js';

/**
 * Writes `${path}.safetensors` (variables, optimizer slots, carried state, your tensors) and
 * `${path}.json` (step, random states, optimizer counters, early stopping, your JSON). The
 * tensors file is written first, each atomically, so the JSON names a complete set. A missing
 * directory is a clear error, and a failed write leaves no temporary file.
 */
export function saveCheckpoint(path: string, trainer: Trainer, extras: CheckpointExtras = {}): void {
  const fn = 'saveCheckpoint';
  if (typeof path !== 'string' || path === '') throw new InputError(fn, 'path', `path must be a file path without extension, got ${describeValue(path)}`);
  const { tensors, json } = trainerCheckpoint(trainer, extras);
  let text: string;
  try {
    text = `${JSON.stringify(json, null, 2)}\n`;
  } catch (e) {
    throw new InputError(fn, 'extras.json', `extras.json must be JSON-serialisable: ${e instanceof Error ? e.message : String(e)}`);
  }
  // Both paths are checked before either file changes, so a bad path never leaves a new tensors
  // file beside an old JSON.
  for (const file of [`${path}.safetensors`, `${path}.json`]) checkWritablePath(fn, 'path', file);
  try {
    writeSafetensorsFile(`${path}.safetensors`, tensors, { metadata: { format: 'rnnkit-checkpoint' } });
    writeFileAtomic(`${path}.json`, text);
  } catch (e) {
    // The writers name themselves; the caller gave `path` to this function.
    if (e instanceof InputError && e.argument === 'file') throw new InputError(fn, 'path', e.message.slice(e.fn.length + 2));
    throw e;
  }
}

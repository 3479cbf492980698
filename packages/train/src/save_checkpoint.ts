// Writes a trainer checkpoint to disk (Node): tensors as safetensors, the rest as JSON.
import * as fs from 'node:fs';
import { writeSafetensorsFile } from '@rnnkit/io/node';
import type { Trainer } from './trainer.js';
import type { CheckpointExtras } from './trainer_checkpoint.js';
import { trainerCheckpoint } from './trainer_checkpoint.js';

/**
 * Writes `${path}.safetensors` (variables, optimizer slots, carried state, your tensors) and
 * `${path}.json` (step, random state, optimizer counters, early stopping, your JSON). The
 * tensors file is written first, each atomically, so the JSON names a complete set.
 */
export function saveCheckpoint(path: string, trainer: Trainer, extras: CheckpointExtras = {}): void {
  const { tensors, json } = trainerCheckpoint(trainer, extras);
  writeSafetensorsFile(`${path}.safetensors`, tensors, { metadata: { format: 'rnnkit-checkpoint' } });
  const temporary = `${path}.json.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(json, null, 2)}\n`);
  fs.renameSync(temporary, `${path}.json`);
}

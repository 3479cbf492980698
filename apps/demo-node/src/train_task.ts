// The training part every generated-data demo shares: a trainer, --load, the progress bar,
// fit to the requested steps, and --save.
import * as fs from 'node:fs';
import type * as tf from '@tensorflow/tfjs-core';
import type { FitResult } from '@rnnkit/train';
import { Trainer, adam, fit } from '@rnnkit/train';
import { loadCheckpoint, saveCheckpoint } from '@rnnkit/train/node';
import type { TaskOptions } from './options.js';
import { progressBar } from './progress_bar.js';
import { userPath } from './user_path.js';

export interface TaskTraining {
  readonly trainer: Trainer;
  readonly result: FitResult;
  /** Steps that came from --load. */
  readonly loadedSteps: number;
}

/**
 * Trains `variables` on `loss(step)` (data chosen from the step, so a resumed run sees the same
 * batches) with Adam and global-norm clipping at 5, until `options.steps`.
 */
export function trainTask(
  command: string,
  options: TaskOptions,
  variables: Readonly<Record<string, tf.Variable>>,
  loss: (step: number) => tf.Scalar,
  tokensPerStep: number,
  unit: string,
): TaskTraining {
  const trainer = new Trainer({ variables, optimizer: adam({ learningRate: options.learningRate }), clipNorm: 5, seed: options.seed });
  if (options.load !== undefined) {
    const file = userPath(options.load);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8'));
    } catch (e) {
      throw new Error(`--load: cannot read ${file}.json: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const extra = (json as { extra?: { command?: unknown; hidden?: unknown } } | null)?.extra;
    if (extra?.command !== command || extra.hidden !== options.hidden) {
      throw new Error(`--load: ${file} is not a ${command} checkpoint with --hidden ${options.hidden}`);
    }
    loadCheckpoint(file, trainer);
    console.log(`loaded ${file} at step ${trainer.step}`);
  }
  const loadedSteps = trainer.step;
  let result: FitResult = { losses: [], validations: [], stoppedEarly: false, seconds: 0 };
  if (trainer.step < options.steps) {
    const bar = progressBar('train', options.steps, trainer.step, unit);
    result = fit(trainer, { steps: options.steps, loss, tokensPerStep, onProgress: (e) => bar.update(e) });
    bar.stop();
  }
  if (options.save !== undefined) {
    saveCheckpoint(userPath(options.save), trainer, { json: { command, hidden: options.hidden } });
    console.log(`checkpoint written to ${userPath(options.save)}.safetensors and .json`);
  }
  return { trainer, result, loadedSteps };
}

/** Mean of the last tenth of `losses` (at least one). */
export function finalLoss(losses: readonly number[]): number {
  const tail = losses.slice(-Math.max(1, Math.floor(losses.length / 10)));
  return tail.length === 0 ? NaN : tail.reduce((a, b) => a + b, 0) / tail.length;
}

// Trains a g2p model for a given time with Adam, checking dev PER / WER as it goes and keeping
// the weights that did best on the dev words.
import * as fs from 'node:fs';
import cliProgress from 'cli-progress';
import * as tf from '@tensorflow/tfjs-core';
import type { G2pModel } from '@rnnkit/models';
import { g2pModelToBytes } from '@rnnkit/models';
import { Trainer, adam } from '@rnnkit/train';
import type { LexiconWord } from './cmudict_lexicon.js';
import { evaluateG2p } from './evaluate_g2p.js';
import { g2pBatches } from './g2p_batches.js';

export interface G2pCurvePoint {
  readonly seconds: number;
  readonly step: number;
  readonly loss: number;
  readonly devPer: number;
  readonly devWer: number;
}

export interface TrainG2pOptions {
  readonly minutes: number;
  readonly batch: number;
  readonly learningRate: number;
  readonly seed: number;
  readonly beam: number;
  /** Dev words checked at each dev check. */
  readonly dev: readonly LexiconWord[];
  readonly devEvery: number;
  /** Write the best weights (by dev WER) here at each dev check, and the curve to `${save}.curve.tsv`. */
  readonly save?: string;
  /** Draw a progress bar (stderr). */
  readonly bar: boolean;
}

export interface TrainG2pResult {
  readonly steps: number;
  readonly seconds: number;
  readonly curve: G2pCurvePoint[];
  readonly skipped: number;
}

/**
 * Steps until `minutes` have passed. At the end the model holds the weights of the best dev check
 * (early stopping by dev WER, then PER), as the published systems select on a development set.
 */
export function trainG2p(model: G2pModel, train: readonly LexiconWord[], options: TrainG2pOptions): TrainG2pResult {
  const { batchOf, skipped } = g2pBatches(train, options.batch, options.seed, model.config.model);
  const trainer = new Trainer({ variables: model.parameters, optimizer: adam({ learningRate: options.learningRate }), clipNorm: 5, seed: options.seed });
  const budget = options.minutes * 60;
  const bar = options.bar
    ? new cliProgress.SingleBar({ format: 'g2p |{bar}| {value}/{total} s | step {step} | loss {loss} | dev PER {per} WER {wer}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 10_000, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  if (process.stderr.isTTY) bar?.start(Math.round(budget), 0, { step: 0, loss: '-', per: '-', wer: '-' });
  const curve: G2pCurvePoint[] = [];
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  let best: { wer: number; per: number; weights: tf.Tensor[] } | undefined;
  let recent: number[] = [];
  let nextCheck = options.devEvery;
  const check = (): void => {
    const rates = evaluateG2p(model, options.dev, { beam: options.beam });
    const loss = recent.length === 0 ? NaN : recent.reduce((a, b) => a + b, 0) / recent.length;
    recent = [];
    const point = { seconds: elapsed(), step: trainer.step, loss, devPer: rates.per, devWer: rates.wer };
    curve.push(point);
    if (best === undefined || rates.wer < best.wer || (rates.wer === best.wer && rates.per < best.per)) {
      tf.dispose(best?.weights ?? []);
      best = { wer: rates.wer, per: rates.per, weights: Object.values(model.parameters).map((v) => tf.clone(v)) };
      if (options.save !== undefined) fs.writeFileSync(options.save, g2pModelToBytes(model));
    }
    if (options.save !== undefined) {
      const line = `${point.seconds.toFixed(0)}\t${point.step}\t${point.loss.toFixed(4)}\t${point.devPer.toFixed(4)}\t${point.devWer.toFixed(4)}\n`;
      fs.appendFileSync(`${options.save}.curve.tsv`, curve.length === 1 ? `seconds\tstep\tloss\tdev_per\tdev_wer\n${line}` : line);
    }
    // Outside a terminal the bar cannot redraw (training blocks its timer): one line per check.
    if (options.bar && !process.stderr.isTTY) console.error(`g2p ${point.seconds.toFixed(0)} s, step ${point.step}: loss ${point.loss.toFixed(3)}, dev PER ${(100 * rates.per).toFixed(2)}% WER ${(100 * rates.wer).toFixed(2)}%`);
    if (process.stderr.isTTY) bar?.update(Math.min(Math.round(elapsed()), Math.round(budget)), { per: `${(100 * rates.per).toFixed(1)}%`, wer: `${(100 * rates.wer).toFixed(1)}%` });
  };
  if (options.save !== undefined && fs.existsSync(`${options.save}.curve.tsv`)) fs.rmSync(`${options.save}.curve.tsv`);
  while (elapsed() < budget) {
    // Constant for the first half of the time, then down linearly to a tenth at the end: a
    // time-based schedule, since the run is given minutes, not steps.
    const fraction = elapsed() / budget;
    trainer.optimizer.learningRate = options.learningRate * (fraction < 0.5 ? 1 : 1 - 1.8 * (fraction - 0.5));
    const result = trainer.trainStep(() => model.loss(batchOf(trainer.step)));
    recent.push(result.loss);
    if (process.stderr.isTTY) bar?.update(Math.min(Math.round(elapsed()), Math.round(budget)), { step: trainer.step, loss: result.loss.toFixed(3) });
    if (elapsed() >= nextCheck) {
      check();
      nextCheck = elapsed() + options.devEvery;
    }
  }
  if (budget > 0) check();
  if (process.stderr.isTTY) bar?.stop();
  const seconds = elapsed();
  const chosen = best;
  if (chosen !== undefined) {
    Object.values(model.parameters).forEach((v, i) => v.assign(chosen.weights[i] as tf.Tensor));
    tf.dispose(chosen.weights);
  }
  trainer.optimizer.dispose();
  return { steps: trainer.step, seconds, curve, skipped };
}

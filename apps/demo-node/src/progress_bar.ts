// A terminal progress bar fed by the trainer's progress events.
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '@rnnkit/train';

/** What a bar shows besides the step: the loss, the throughput in `unit`s and the ETA. */
export interface ProgressBar {
  update(event: ProgressEvent): void;
  stop(): void;
}

/** Starts a bar for `total` steps; outside a terminal it prints a line every few seconds. */
export function progressBar(label: string, total: number, start: number, unit: string): ProgressBar {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {value}/{total} steps | loss {loss} | {speed} ${unit}/s | ETA {remaining}s`,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, start, { loss: '-', speed: '-', remaining: '-' });
  return {
    update(event) {
      bar.update(event.step, {
        loss: event.loss.toFixed(3),
        speed: Math.round(event.tokensPerSecond),
        remaining: Math.round(event.etaSeconds),
      });
    },
    stop() {
      bar.stop();
    },
  };
}

// Training progress fed by the trainer's progress events: a live bar on a terminal, and a plain
// line at least every 5 s when the output is piped or logged.
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '@rnnkit/train';

/** What a bar shows besides the step: the loss with its unit, the throughput in `unit`s and the ETA. */
export interface ProgressBar {
  update(event: ProgressEvent): void;
  stop(): void;
}

/**
 * Lines are written from the training loop itself: it is synchronous, so a timer (cli-progress's
 * own schedule for non-terminals) would not fire until training ended. 4 s keeps every gap under
 * the 5 s the README promises, steps included.
 */
const LINE_INTERVAL_MS = 4000;

function formatLoss(loss: number, lossUnit: string): string {
  return `${loss.toFixed(3)} ${lossUnit}`;
}

/** A line per few seconds for logs and pipes, with the same fields as the bar. */
function lineProgress(label: string, total: number, unit: string, lossUnit: string): ProgressBar {
  let lastLine = Date.now();
  let lastStep = -1;
  let latest: ProgressEvent | undefined;
  const write = (event: ProgressEvent): void => {
    console.log(
      `${label} ${event.step}/${total} steps | loss ${formatLoss(event.loss, lossUnit)} | ${Math.round(event.tokensPerSecond)} ${unit}/s | ` +
        `${event.elapsedSeconds.toFixed(0)} s elapsed, ETA ${Math.round(event.etaSeconds)} s`,
    );
    lastLine = Date.now();
    lastStep = event.step;
  };
  return {
    update(event) {
      latest = event;
      if (Date.now() - lastLine >= LINE_INTERVAL_MS || event.step === total) write(event);
    },
    stop() {
      if (latest !== undefined && latest.step !== lastStep) write(latest);
    },
  };
}

/** Starts progress for `total` steps from `start`: a bar on a terminal, lines otherwise. */
export function progressBar(label: string, total: number, start: number, unit: string, lossUnit = 'nats'): ProgressBar {
  if (process.stdout.isTTY !== true) {
    console.log(`${label} ${start}/${total} steps (a line every few seconds; loss in ${lossUnit})`);
    return lineProgress(label, total, unit, lossUnit);
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {value}/{total} steps | loss {loss} | {speed} ${unit}/s | ETA {remaining}s`,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, start, { loss: '-', speed: '-', remaining: '-' });
  return {
    update(event) {
      bar.update(event.step, {
        loss: formatLoss(event.loss, lossUnit),
        speed: Math.round(event.tokensPerSecond),
        remaining: Math.round(event.etaSeconds),
      });
    },
    stop() {
      bar.stop();
    },
  };
}

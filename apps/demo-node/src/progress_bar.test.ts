// Piped progress: a line at least every 5 s of training (the README's promise), each with the
// loss and its unit, and the last step always reported.
import { describe, expect, jest, test } from '@jest/globals';
import type { ProgressEvent } from '@rnnkit/train';
import { progressBar } from './progress_bar.js';

function event(step: number, seconds: number): ProgressEvent {
  return { step, loss: 4 / step, gradNorm: 1, learningRate: 0.01, totalSteps: 90, tokensPerSecond: 1000, elapsedSeconds: seconds, etaSeconds: 90 - step };
}

describe('progressBar outside a terminal', () => {
  test('prints a line at least every 5 s, with the loss unit, and the final step', () => {
    expect(process.stdout.isTTY).not.toBe(true);
    jest.useFakeTimers({ now: 0 });
    const printed: Array<{ at: number; line: string }> = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => {
      printed.push({ at: Date.now(), line: String(line) });
    });
    try {
      const bar = progressBar('train', 90, 0, 'chars', 'nats/char');
      // Steps of 0.7 s: a schedule on timers would print nothing, the loop never yields.
      for (let step = 1; step <= 90; step++) {
        jest.setSystemTime(step * 700);
        bar.update(event(step, (step * 700) / 1000));
      }
      bar.stop();
    } finally {
      log.mockRestore();
      jest.useRealTimers();
    }
    const steps = printed.slice(1);
    expect(printed[0]?.line).toBe('train 0/90 steps (a line every few seconds; loss in nats/char)');
    expect(steps.length).toBeGreaterThanOrEqual(Math.ceil((90 * 700) / 5000));
    const gaps = [0, ...steps.map((p) => p.at)].slice(1).map((at, i, all) => at - (i === 0 ? 0 : (all[i - 1] ?? 0)));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5000);
    expect(steps.every((p) => / \| loss \d+\.\d{3} nats\/char \| 1000 chars\/s \| /.test(p.line))).toBe(true);
    expect(steps.at(-1)?.line.startsWith('train 90/90 steps | loss 0.044 nats/char')).toBe(true);
  });
});

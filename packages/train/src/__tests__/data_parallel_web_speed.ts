// Prints training steps per second of the browser's DataParallel on 1 and 2 threads in headless
// Chromium (a cross-origin isolated page, wasm): a figure for a person to read, never a test.
// Run: npx tsx packages/train/src/__tests__/data_parallel_web_speed.ts [hiddenSize] [T] [N]
import * as os from 'node:os';
import { launchChromium } from '@rnnkit/testing/browser';
import type { PageCase } from './data_parallel_web_protocol.js';
import { bundleSite, closeServer, openSite, serveSite } from './data_parallel_web_site.js';

const [hiddenSize = 128, T = 50, N = 32] = process.argv.slice(2).map(Number);
const ROUNDS = 3; // 1 and 2 threads alternate, so a change of the machine's load hits both
const WARMUP = 3;
const STEPS = 10;

const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const errors: string[] = [];
const server = await serveSite(await bundleSite(), true, errors);
const browser = await launchChromium();
const version = browser.version();
const times = new Map<number, number[]>([[1, []], [2, []]]);
const loadBefore = load();
try {
  const page = await openSite(browser, server, errors);
  for (let round = 0; round < ROUNDS; round++) {
    for (const threads of [1, 2]) {
      const c: PageCase = { options: { inputSize: 16, hiddenSize, outputs: 16 }, threads, steps: STEPS, T, lengths: Array.from({ length: N }, () => T) };
      const { msPerStep } = await page.evaluate(([pc, w]) => window.rnnkitDataParallelSpeed(pc, w), [c, WARMUP] as const);
      times.get(threads)?.push(msPerStep);
    }
  }
} finally {
  await browser.close();
  await closeServer(server);
}
if (errors.length > 0) throw new Error(`the page reported: ${errors.join('; ')}`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const one = median(times.get(1) ?? []);
const two = median(times.get(2) ?? []);
console.log(`DataParallel in Chromium ${version}, wasm (SIMD, unthreaded), LSTM(16 -> ${hiddenSize}) + linear head, T=${T}, N=${N}, Adam; ${STEPS} timed steps after ${WARMUP}, median of ${ROUNDS} rounds`);
console.log(`  1 thread : ${one.toFixed(1)} ms/step, ${(1000 / one).toFixed(2)} steps/s   (rounds: ${(times.get(1) ?? []).map((t) => t.toFixed(1)).join(', ')})`);
console.log(`  2 threads: ${two.toFixed(1)} ms/step, ${(1000 / two).toFixed(2)} steps/s   (rounds: ${(times.get(2) ?? []).map((t) => t.toFixed(1)).join(', ')})`);
console.log(`  speed-up 2 vs 1: ${(one / two).toFixed(2)}x; ${os.cpus().length} CPUs, load average (1/5/15 min) before ${loadBefore}, after ${load()}`);

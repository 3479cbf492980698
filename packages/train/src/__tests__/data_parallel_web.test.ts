// The browser's DataParallel in headless Chromium: on a cross-origin isolated page (COOP/COEP),
// 2 Web Workers and the page's thread take the one-thread Trainer step (computed in the same
// page) within float32 summation order, the same bits twice, without leaks; on a page without
// the headers, a clear InputError.
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { launchChromium } from '@rnnkit/testing/browser';
import type { PageCase, PageOneThread, PageRefusal, PageResult } from './data_parallel_web_protocol.js';
import { bundleSite, closeServer, openSite, serveSite } from './data_parallel_web_site.js';

const CASE: PageCase = {
  options: { inputSize: 3, hiddenSize: 6, outputs: 2 },
  threads: 3, // 2 workers and the page
  steps: 3,
  T: 5,
  lengths: [5, 2, 4, 5, 1], // shards of 2, 2 and 1 samples: unequal weights are part of the test
};

describe('DataParallel in Chromium over Web Workers', () => {
  let result: PageResult;
  let refusal: PageRefusal;
  let oneThread: PageOneThread;
  let missingWorker: string;
  const errors: string[] = [];

  beforeAll(async () => {
    const files = await bundleSite();
    const servers = await Promise.all([serveSite(files, true, errors), serveSite(files, false, errors)]);
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const isolated = await openSite(browser, servers[0], errors);
      result = await isolated.evaluate((c) => window.rnnkitDataParallel(c), CASE);
      missingWorker = await isolated.evaluate((c) => window.rnnkitDataParallelFailure(c, '/missing.js'), { ...CASE, threads: 2 });
      const plain = await openSite(browser, servers[1], errors);
      refusal = await plain.evaluate((c) => window.rnnkitDataParallelRefusal(c), CASE);
      oneThread = await plain.evaluate((c) => window.rnnkitDataParallelOneThread(c), CASE);
    } finally {
      await browser?.close();
      await Promise.all(servers.map(closeServer));
    }
  }, 60_000);

  it('takes the one-thread step within float32 summation order on 3 threads, the same bits twice, without leaks', () => {
    expect(result.crossOriginIsolated).toBe(true);
    expect(result.backend).toBe('wasm');
    expect(result.closeCodes).toEqual([0, 0]);
    expect(result.initial).toEqual(result.referenceInitial);
    const [first, second] = result.runs;
    if (first === undefined || second === undefined) throw new Error('the page returned fewer than 2 runs');
    const { reference } = result;
    first.losses.forEach((l, k) => expect(Math.abs(l - (reference.losses[k] as number))).toBeLessThan(1e-5 * Math.abs(reference.losses[k] as number)));
    expect(Object.keys(first.weights).sort()).toEqual(Object.keys(reference.weights).sort());
    let moved = 0;
    for (const [name, want] of Object.entries(reference.weights)) {
      const got = first.weights[name] as number[];
      const start = result.initial[name] as number[];
      want.forEach((w, j) => {
        expect(Math.abs((got[j] as number) - w)).toBeLessThan(1e-5 + 1e-4 * Math.abs(w));
        moved = Math.max(moved, Math.abs(w - (start[j] as number)));
      });
      expect(second.weights[name]).toEqual(got);
    }
    // The steps moved the weights far beyond the tolerance: the comparison is not vacuous.
    expect(moved).toBeGreaterThan(0.05);
    expect(second.losses).toEqual(first.losses);
    for (const run of [first, second]) expect(run.counts[CASE.steps - 1]).toBe(run.counts[0]);
  });

  it('loads every file and reports no error on either page, but for the missing worker script', () => {
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
    expect(errors.filter((e) => e.startsWith('404 '))).toEqual(['404 /missing.js']);
  });

  it('fails to start, saying so, when a worker script does not load', () => {
    expect(missingWorker).toMatch(/^DataParallel\.start: a worker thread failed to start: the worker script http:\/\/127\.0\.0\.1:\d+\/missing\.js failed/);
  });

  it('refuses more than one thread on a page without the COOP/COEP headers, saying which', () => {
    expect(refusal.crossOriginIsolated).toBe(false);
    expect(refusal.isInputError).toBe(true);
    expect(refusal.argument).toBe('threads');
    expect(refusal.message).toMatch(/^DataParallel\.start: threads = 3 needs SharedArrayBuffer/);
    expect(refusal.message).toContain('Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp');
  });

  it('runs on one thread without cross-origin isolation and takes the plain Trainer step bit for bit', () => {
    expect(oneThread.crossOriginIsolated).toBe(false);
    expect(oneThread.closeCodes).toEqual([]);
    // One shard: its weight is n / n = 1 and the sum 0 + g, so nothing rounds differently.
    expect(oneThread.parallel.losses).toEqual(oneThread.reference.losses);
    expect(oneThread.parallel.weights).toEqual(oneThread.reference.weights);
  });
});

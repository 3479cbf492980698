// Loads the demo page in headless Chromium on WebGL, trains a few dozen steps, and checks that
// the loss fell, the chart drew the loss line, and the page names its backend; saves a screenshot.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@rnnkit/testing/browser';
import type { DemoServer } from './server/serve_demo.js';
import { serveDemo } from './server/serve_demo.js';

const STEPS = 40;
/** Where the screenshot goes; print it, look at it. */
const SCREENSHOT = process.env['DEMO_WEB_SCREENSHOT'] ?? path.join(os.tmpdir(), 'rnnkit-demo-web.png');

interface Snapshot {
  backend: string;
  running: boolean;
  step: number;
  losses: number[];
  sample: string;
}

describe('demo-web page [webgl in headless Chromium]', () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await serveDemo(0);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 820, height: 720 } });
    await page.goto(server.url);
    await page.waitForFunction(() => typeof window.rnnkitDemo === 'object', undefined, { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(`trains ${STEPS} steps on webgl, the loss falls and the chart draws it`, async () => {
    await expect(page.locator('#backend').textContent()).resolves.toMatch(/^webgl \(WebGL [12], float32 yes\)$/);
    await page.click('#start');
    await page.waitForFunction((n) => window.rnnkitDemo.snapshot().step >= n, STEPS, { timeout: 150_000, polling: 200 });
    await page.click('#pause');
    const snap = (await page.evaluate(() => window.rnnkitDemo.snapshot())) as Snapshot;
    expect(snap.backend).toBe('webgl');
    expect(snap.running).toBe(false);
    const losses = snap.losses;
    expect(losses.every((l) => Number.isFinite(l))).toBe(true);
    // Uniform guessing over the vocabulary costs ln(V) nats; the first batches sit near it.
    const first = (losses[0] ?? NaN);
    const lastFive = losses.slice(-5).reduce((a, b) => a + b, 0) / 5;
    expect(first).toBeGreaterThan(3.0);
    expect(lastFive).toBeLessThan(first - 0.5);
    expect(snap.sample.startsWith('And God ')).toBe(true);
    await expect(page.locator('#sample').textContent()).resolves.toBe(snap.sample);
    // The chart's canvas holds pixels of the loss line's colour.
    const linePixels = await page.evaluate(() => {
      const canvas = document.querySelector('#chart canvas');
      if (!(canvas instanceof HTMLCanvasElement)) return -1;
      const ctx = canvas.getContext('2d');
      if (ctx === null) return -1;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs((data[i] ?? 0) - 214) < 24 && Math.abs((data[i + 1] ?? 0) - 69) < 24 && Math.abs((data[i + 2] ?? 0) - 65) < 24) n++;
      }
      return n;
    });
    expect(linePixels).toBeGreaterThan(100);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`demo-web screenshot: ${SCREENSHOT}; losses ${first.toFixed(3)} -> ${lastFive.toFixed(3)} over ${snap.step} steps`);
  }, 180_000);

  it('reset clears the history and a paused page stays paused', async () => {
    await page.click('#reset');
    const snap = (await page.evaluate(() => window.rnnkitDemo.snapshot())) as Snapshot;
    expect(snap.step).toBe(0);
    expect(snap.losses).toEqual([]);
    await page.waitForTimeout(300);
    expect(((await page.evaluate(() => window.rnnkitDemo.snapshot())) as Snapshot).step).toBe(0);
  });
});

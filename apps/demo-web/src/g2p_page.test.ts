// Loads the pronunciation page in headless Chromium on WebGL with the committed weights: it
// pronounces a typed word in ARPAbet and IPA, the same as the model run in Node on the cpu
// backend, draws the alignment, and reports a bad word in one line.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Browser, Page } from 'playwright-core';
import { g2pModelFromBytes, toIpa } from '@rnnkit/models';
import { launchChromium } from '@rnnkit/testing/browser';
import type { DemoServer } from './server/serve_demo.js';
import { demoAppDir, serveDemo } from './server/serve_demo.js';

/** Where the screenshot goes; print it, look at it. */
const SCREENSHOT = process.env['G2P_PAGE_SCREENSHOT'] ?? path.join(os.tmpdir(), 'rnnkit-g2p-page.png');

interface G2pSnapshot {
  backend: string;
  model: string;
  word: string;
  arpabet: string;
  ipa: string;
  alignment: number[][];
  error: string;
}

/** The committed weights run in Node on the cpu backend: the reference for what the page shows. */
async function nodePronunciations(words: string[]): Promise<string[]> {
  await tf.setBackend('cpu');
  const model = g2pModelFromBytes(new Uint8Array(fs.readFileSync(path.join(demoAppDir(), 'data', 'g2p-attention.safetensors'))));
  const said = model.pronounce(words, { beam: 4 }).map((p) => p.phonemes.join(' '));
  model.dispose();
  return said;
}

describe('g2p page [webgl in headless Chromium]', () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await serveDemo(0);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 820, height: 720 } });
    await page.goto(`${server.url}g2p`);
    await page.waitForFunction(() => typeof window.rnnkitG2p === 'object', undefined, { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('pronounces typed words on webgl as the cpu backend does, in ARPAbet and IPA, with the alignment', async () => {
    await expect(page.locator('#backend').textContent()).resolves.toMatch(/^webgl \(WebGL [12], float32 yes\)$/);
    const words = ['colonel', 'quay', 'cat'];
    const expected = await nodePronunciations(words.map((w) => w.toUpperCase()));
    for (const [n, word] of words.entries()) {
      await page.fill('#word', word);
      await page.click('#go');
      await page.waitForFunction((w) => window.rnnkitG2p.snapshot().word === w.toUpperCase(), word, { timeout: 30_000 });
      const snap = (await page.evaluate(() => window.rnnkitG2p.snapshot())) as G2pSnapshot;
      expect(snap.backend).toBe('webgl');
      expect(snap.error).toBe('');
      expect(snap.arpabet).toBe(expected[n]);
      expect(snap.arpabet.length).toBeGreaterThan(0);
      expect(snap.ipa).toBe(`/${toIpa(snap.arpabet.split(' '))}/`);
      await expect(page.locator('#arpabet').textContent()).resolves.toBe(snap.arpabet);
      await expect(page.locator('#ipa').textContent()).resolves.toBe(snap.ipa);
      // One row per phoneme plus the end token, one column per letter, each row a distribution.
      expect(snap.alignment).toHaveLength(snap.arpabet.split(' ').length + 1);
      for (const row of snap.alignment) {
        expect(row).toHaveLength(word.length);
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      }
      expect(await page.locator('table.heat td').count()).toBe(snap.alignment.length * word.length);
    }
    await page.fill('#word', 'colonel');
    await page.click('#go');
    await page.waitForFunction(() => window.rnnkitG2p.snapshot().word === 'COLONEL', undefined, { timeout: 30_000 });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    // Common words, against CMUdict's pronunciations: the small committed model gets most right
    // (it says D AA G for dog).
    const cmudict: Record<string, string> = { cat: 'K AE T', dog: 'D AO G', man: 'M AE N', fish: 'F IH SH', ship: 'SH IH P' };
    let right = 0;
    for (const [word, reference] of Object.entries(cmudict)) {
      const said = (await page.evaluate((w) => window.rnnkitG2p.pronounce(w), word)) as G2pSnapshot;
      if (said.arpabet === reference) right++;
    }
    expect(right).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('reports a word with non-letters in one line and draws nothing', async () => {
    await page.fill('#word', 'r2d2');
    await page.click('#go');
    await page.waitForFunction(() => window.rnnkitG2p.snapshot().error !== '', undefined, { timeout: 10_000 });
    await expect(page.locator('#status').textContent()).resolves.toBe('g2p page: word must hold only letters A-Z and apostrophes, got "r2d2" ("2")');
    await expect(page.locator('#arpabet').textContent()).resolves.toBe('');
    expect(await page.locator('table.heat').count()).toBe(0);
  });
});

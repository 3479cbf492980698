// `predict` on webgl in headless Chromium: this package's layers give tf.layers' outputs.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@rnnkit/testing/browser';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE } from '@rnnkit/testing';
import { expectClose } from './helpers.js';
import type { PagePrediction } from './webgl_page.js';

describe('predict on webgl in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let result: { backend: string; predictions: PagePrediction[]; kernels: PagePrediction[] };

  beforeAll(async () => {
    const bundle = await esbuild.build({
      entryPoints: [path.join(__dirname, 'webgl_page.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
    result = (await page.evaluate(() => (globalThis as unknown as { runTfjsLayersChecks: () => Promise<unknown> }).runTfjsLayersChecks())) as typeof result;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('runs on webgl', () => {
    expect(result.backend).toBe('webgl');
    expect(result.predictions).toHaveLength(9);
  });

  const PREDICTIONS = [
    'LSTM sigmoid, returnSequences',
    'masked LSTM sigmoid, goBackwards',
    'GRU default hardSigmoid (fused)',
    'masked GRU sigmoid, goBackwards (fused)',
    'masked SimpleRNN tanh, returnSequences',
    'Bidirectional LSTM concat',
    'LSTM default hardSigmoid, returnSequences',
    'masked LSTM default hardSigmoid, goBackwards',
    'Bidirectional LSTM default hardSigmoid',
  ];

  test.each(PREDICTIONS)('%s', (name) => {
    const p = result.predictions.find((q) => q.name === name);
    if (p === undefined) throw new Error(`the page did not run ${name}`);
    expect(p.ours).toHaveLength(p.shape.reduce((a, b) => a * b, 1));
    expectClose(p.ours, p.reference, FORWARD_TOLERANCE, `${name} on webgl`);
  });

  test.each(['GRU default hardSigmoid (fused)', 'masked GRU sigmoid, goBackwards (fused)'])('%s: weight gradients', (name) => {
    const gradients = result.predictions.find((q) => q.name === name)?.gradients;
    if (gradients === undefined) throw new Error(`the page did not differentiate ${name}`);
    expect(gradients).toHaveLength(3);
    gradients.forEach((g, k) => expectClose(g.ours, g.reference, GRADIENT_TOLERANCE, `${name} gradient ${k} on webgl`));
  });

  // LSTM: y, h, c, gates, cs and six gradients; GRU: y, h, gates, hns and six gradients; the
  // reset-before GRU: y, h, gates and five gradients; each for both gate functions, unmasked
  // forward and masked reverse.
  const KERNEL_COUNTS = { lstm: 11, gru: 10, resetBeforeGru: 8 };

  test.each(['lstm', 'gru', 'resetBeforeGru'] as const)("the %s WebGL kernels give the portable operation's outputs and gradients, sigmoid and hardSigmoid gates", (op) => {
    const checks = result.kernels.filter((k) => k.name.startsWith(`${op} `));
    expect(checks).toHaveLength(KERNEL_COUNTS[op] * 4);
    for (const k of checks) {
      expect(k.ours).toHaveLength(k.shape.reduce((a, b) => a * b, 1));
      expectClose(k.ours, k.reference, k.name.includes('gradient') ? GRADIENT_TOLERANCE : FORWARD_TOLERANCE, `${k.name} on webgl`);
    }
  });
});

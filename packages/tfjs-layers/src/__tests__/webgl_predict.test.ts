// `predict` on webgl in headless Chromium: this package's layers give tf.layers' outputs.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@rnnkit/testing/browser';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE } from '@rnnkit/testing';
import { expectClose } from './helpers.js';
import type { KernelRun, PagePrediction } from './webgl_page.js';

describe('predict on webgl in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let result: { backend: string; resetBeforeGruKernel: boolean; predictions: PagePrediction[]; kernelRuns: KernelRun[] };

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
    expect(result.predictions).toHaveLength(6);
    // tf.layers' GRU runs the reset-before operation's WebGL kernel there.
    expect(result.resetBeforeGruKernel).toBe(true);
  });

  test.each(['LSTM sigmoid, returnSequences', 'masked LSTM sigmoid, goBackwards', 'GRU default hardSigmoid (fused)', 'masked GRU sigmoid, goBackwards (fused)', 'masked SimpleRNN tanh, returnSequences', 'Bidirectional LSTM concat'])('%s', (name) => {
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

  test.each(['sigmoid', 'sigmoid, reverse, masked', 'hardSigmoid', 'hardSigmoid, reverse, masked'])("the reset-before GRU's WebGL kernels give its portable body's numbers: %s", (name) => {
    const run = result.kernelRuns.find((r) => r.name === name);
    if (run === undefined) throw new Error(`the page did not run the kernels for ${name}`);
    expect(run.forward.kernel).toHaveLength(3);
    expect(run.backward.kernel).toHaveLength(5);
    run.forward.kernel.forEach((v, k) => expectClose(v, run.forward.portable[k] ?? [], FORWARD_TOLERANCE, `${name} forward output ${k}`));
    run.backward.kernel.forEach((v, k) => expectClose(v, run.backward.portable[k] ?? [], GRADIENT_TOLERANCE, `${name} gradient ${k}`));
  });
});

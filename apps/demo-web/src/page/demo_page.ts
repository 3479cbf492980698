// The page: starts WebGL, wires start / pause / reset to the trainer, and shows loss and samples.
import * as tf from '@tensorflow/tfjs-core';
import { setupWebglBackend } from '@rnnkit/backend-webgl';
import { DemoTrainer } from './demo_trainer.js';
import { LossChart } from './loss_chart.js';

/** What the page shows, for the Playwright test. */
export interface DemoSnapshot {
  backend: string;
  running: boolean;
  step: number;
  losses: number[];
  sample: string;
}

declare global {
  interface Window {
    rnnkitDemo: { start(): void; pause(): void; reset(): void; snapshot(): DemoSnapshot };
  }
}

const SAMPLE_EVERY = 10;
const PROMPT = 'And God ';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`demo page: no element #${id}`);
  return el as T;
}

async function main(): Promise<void> {
  const status = byId('status');
  const setup = await setupWebglBackend();
  byId('backend').textContent = `${tf.getBackend()} (WebGL ${setup.webglVersion}, float32 ${setup.float32 ? 'yes' : 'no'})`;
  const text = await (await fetch('/text.txt')).text();
  const trainer = new DemoTrainer(text);
  const chart = new LossChart(byId('chart'), Math.min(760, document.body.clientWidth - 32));
  const sampleEl = byId('sample');
  let running = false;
  let sample = '';

  const show = (): void => {
    chart.update(trainer.losses);
    const last = trainer.losses[trainer.losses.length - 1];
    status.textContent = `step ${trainer.losses.length}${last === undefined ? '' : `, loss ${last.toFixed(3)} nats/char`}${running ? '' : ' (paused)'}`;
  };
  const loop = (): void => {
    if (!running) return;
    trainer.step();
    if (trainer.losses.length % SAMPLE_EVERY === 0) {
      sample = trainer.generate(PROMPT, 120);
      sampleEl.textContent = sample;
    }
    show();
    setTimeout(loop, 0);
  };
  const start = (): void => {
    if (running) return;
    running = true;
    loop();
  };
  const pause = (): void => {
    running = false;
    show();
  };
  const reset = (): void => {
    running = false;
    trainer.reset();
    sample = '';
    sampleEl.textContent = '';
    show();
  };
  byId('start').addEventListener('click', start);
  byId('pause').addEventListener('click', pause);
  byId('reset').addEventListener('click', reset);
  window.rnnkitDemo = {
    start,
    pause,
    reset,
    snapshot: () => ({ backend: tf.getBackend(), running, step: trainer.losses.length, losses: [...trainer.losses], sample }),
  };
  show();
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  const el = document.getElementById('status');
  if (el !== null) el.textContent = `error: ${message}`;
  console.error(message);
});

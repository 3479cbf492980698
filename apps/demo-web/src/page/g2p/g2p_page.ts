// The pronunciation page: loads the committed g2p weights on WebGL, pronounces the typed word in
// ARPAbet and IPA, and draws the attention alignment.
import * as tf from '@tensorflow/tfjs-core';
import { setupWebglBackend } from '@rnnkit/backend-webgl';
import { InputError } from '@rnnkit/core';
// The same model code the Node command (`pnpm demo g2p`) trains.
import type { G2pModel } from '@rnnkit/models';
import { g2pModelFromBytes, normalizeWord, toIpa } from '@rnnkit/models';
import { renderAlignmentHeatMap } from './alignment_heat_map.js';

/** What the page shows, for the Playwright test. */
export interface G2pSnapshot {
  backend: string;
  model: string;
  word: string;
  arpabet: string;
  ipa: string;
  alignment: number[][];
  error: string;
}

declare global {
  interface Window {
    rnnkitG2p: { pronounce(word: string): G2pSnapshot; snapshot(): G2pSnapshot };
  }
}

const BEAM = 4;

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`g2p page: no element #${id}`);
  return el as T;
}

async function main(): Promise<void> {
  const status = byId('status');
  const setup = await setupWebglBackend();
  byId('backend').textContent = `${tf.getBackend()} (WebGL ${setup.webglVersion}, float32 ${setup.float32 ? 'yes' : 'no'})`;
  const response = await fetch('/g2p-weights.safetensors');
  if (!response.ok) throw new Error(`cannot fetch the weights: HTTP ${response.status}`);
  const model: G2pModel = g2pModelFromBytes(new Uint8Array(await response.arrayBuffer()));
  const { config } = model;
  byId('model').textContent = config.model === 'attention'
    ? `attention: bidirectional LSTM encoder (${config.numLayers} × ${config.hiddenSize} per direction), LSTM decoder (${2 * config.hiddenSize}), beam ${BEAM}`
    : `CTC: ${config.numLayers} bidirectional LSTM layers of ${config.hiddenSize} per direction`;
  let shown: G2pSnapshot = { backend: tf.getBackend(), model: config.model, word: '', arpabet: '', ipa: '', alignment: [], error: '' };

  const pronounce = (typed: string): G2pSnapshot => {
    let word: string;
    try {
      word = normalizeWord(typed);
    } catch (e) {
      // Told as the page's own line: "g2p page: word must ...", not the function's name.
      const error = e instanceof InputError ? `g2p page: ${e.message.slice(e.fn.length + 2)}` : e instanceof Error ? e.message : String(e);
      shown = { ...shown, word: typed, arpabet: '', ipa: '', alignment: [], error };
      status.textContent = shown.error;
      byId('arpabet').textContent = '';
      byId('ipa').textContent = '';
      byId('heat').replaceChildren();
      return shown;
    }
    const [said] = model.pronounce([word], { beam: config.model === 'attention' ? BEAM : 1, alignment: config.model === 'attention' });
    const phonemes = said?.phonemes ?? [];
    shown = { ...shown, word, arpabet: phonemes.join(' '), ipa: `/${toIpa(phonemes)}/`, alignment: said?.alignment ?? [], error: '' };
    byId('arpabet').textContent = shown.arpabet;
    byId('ipa').textContent = shown.ipa;
    if (shown.alignment.length > 0) renderAlignmentHeatMap(byId('heat'), [...word], phonemes, shown.alignment);
    else byId('heat').replaceChildren();
    status.textContent = `${word.toLowerCase()}: ${phonemes.length} phonemes (tensors in memory: ${tf.memory().numTensors})`;
    return shown;
  };

  const input = byId<HTMLInputElement>('word');
  byId('form').addEventListener('submit', (event) => {
    event.preventDefault();
    pronounce(input.value);
  });
  window.rnnkitG2p = { pronounce, snapshot: () => shown };
  status.textContent = 'ready: type a word';
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  const el = document.getElementById('status');
  if (el !== null) el.textContent = `error: ${message}`;
  console.error(message);
});

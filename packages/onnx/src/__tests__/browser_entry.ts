// The page side of browser.test.ts: runs exported models through loadOnnxModelWeb
// (onnxruntime-web, WebAssembly) in Chromium and hands the outputs back.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadOnnxModelWeb } from '@rnnkit/onnx/web';
import type { BrowserCase, BrowserResult } from './browser_protocol.js';

declare global {
  interface Window {
    rnnkitOnnxRun: (cases: BrowserCase[]) => Promise<BrowserResult[]>;
  }
}

window.rnnkitOnnxRun = async (cases) => {
  await tf.setBackend('cpu');
  const results: BrowserResult[] = [];
  for (const c of cases) {
    const model = await loadOnnxModelWeb(Uint8Array.from(c.model), { wasmPaths: '/ort/' });
    const x = tf.tensor(c.x.data, c.x.shape, c.x.dtype);
    const initialState = Object.fromEntries(Object.entries(c.initialState).map(([k, v]) => [k, tf.tensor3d(v.data, v.shape as [number, number, number])]));
    const { output, state } = await model.forward(x, { initialState, ...(c.lengths === undefined ? {} : { lengths: c.lengths }) });
    results.push({
      name: c.name,
      output: { data: Array.from(await output.data()), shape: output.shape },
      state: Object.fromEntries(await Promise.all(Object.entries(state).map(async ([k, v]) => [k, { data: Array.from(await v.data()), shape: v.shape }] as const))),
    });
    await model.release();
    tf.dispose([x, output, ...Object.values(state), ...Object.values(initialState)]);
  }
  return results;
};

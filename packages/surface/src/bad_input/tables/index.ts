// Every table of the bad-input test: one per public entry point. Add a new package's here.
import type { PackageTable } from '../row.js';
import { cellsTable } from './cells.js';
import { ioNodeTable, ioTable } from './io.js';
import { layersTable } from './layers.js';
import { lossesTable } from './losses.js';
import { backendCpuWasmTable, backendNodeTable, opsTable } from './others.js';
import { trainNodeTable, trainTable, trainWebTable } from './train.js';
import { coreTable } from './core.js';
import { modelsTable } from './models.js';

export const TABLES: readonly PackageTable[] = [coreTable, cellsTable, layersTable, modelsTable, lossesTable, ioTable, ioNodeTable, trainTable, trainNodeTable, trainWebTable, opsTable, backendCpuWasmTable, backendNodeTable];

/**
 * Entry points whose bad-input table lives elsewhere, or that cannot load in Node, with where or
 * why. A package's table may move here into ./tables when its rows fit this runner.
 */
export const ELSEWHERE: Readonly<Record<string, string>> = {
  '@rnnkit/onnx': 'packages/onnx/src/__tests__/bad_input.test.ts',
  '@rnnkit/onnx/node': 'packages/onnx/src/__tests__/bad_input.test.ts',
  '@rnnkit/onnx/web': 'packages/onnx/src/__tests__/bad_input.test.ts',
  '@rnnkit/tfjs-layers': 'packages/tfjs-layers/src/__tests__/bad_input.test.ts',
  '@rnnkit/backend-webgl': 'its import registers WebGL kernels, which need a browser: tested in its headless Chromium suites',
  '@rnnkit/backend-webgl/base': 'kernel configurations (plain data) for WebGL',
  '@rnnkit/train/web-worker': 'the Web Worker script of DataParallel in the browser: it exports nothing; its messages are tested in packages/train/src/__tests__/data_parallel_web.test.ts',
  '@rnnkit/backend-cpu-wasm/base': 'the same kernel configurations as @rnnkit/backend-cpu-wasm, without registering them',
};

// Opens an exported model in ONNX Runtime's WebAssembly runtime for browsers (onnxruntime-web).
import { InputError, checkInteger, checkKnownOptions, describeValue } from '@rnnkit/core';
import { OnnxModel } from './onnx_model.js';
import type { OrtModule } from './ort_module.js';

/** Options of {@link loadOnnxModelWeb}. */
export interface LoadOnnxModelWebOptions {
  /**
   * WebAssembly threads. More than 1 needs a cross-origin isolated page (COOP/COEP headers); the
   * first model loaded fixes the number for the page, as ONNX Runtime starts its pool once.
   * @default 1
   */
  threads?: number;
  /** Where the page serves onnxruntime-web's `.wasm` / `.mjs` files. @default next to the bundle */
  wasmPaths?: string;
}

interface OrtWebModule extends OrtModule {
  readonly env: { wasm: { numThreads?: number; wasmPaths?: unknown } };
}

/**
 * Opens `model` (bytes from exportOnnx or a fetched `.onnx` file) with `onnxruntime-web` on its
 * WebAssembly backend. `onnxruntime-web` must be installed (an optional peer dependency, loaded
 * only here).
 *
 * @example
 * const bytes = new Uint8Array(await (await fetch('/model.onnx')).arrayBuffer());
 * const model = await loadOnnxModelWeb(bytes, { wasmPaths: '/ort/' });
 */
export async function loadOnnxModelWeb(model: Uint8Array, options: LoadOnnxModelWebOptions = {}): Promise<OnnxModel> {
  const fn = 'loadOnnxModelWeb';
  checkKnownOptions(fn, 'options', options, ['threads', 'wasmPaths']);
  const threads = checkInteger(fn, 'threads', options.threads ?? 1, 1);
  if (options.wasmPaths !== undefined && typeof options.wasmPaths !== 'string') {
    throw new InputError(fn, 'wasmPaths', `wasmPaths must be a URL prefix string, got ${describeValue(options.wasmPaths)}`);
  }
  let ort: OrtWebModule;
  try {
    ort = (await import('onnxruntime-web')) as unknown as OrtWebModule;
  } catch (e) {
    throw new InputError(fn, 'onnxruntime-web', `needs the package onnxruntime-web installed beside @rnnkit/onnx (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  ort.env.wasm.numThreads = threads;
  if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths;
  return OnnxModel.create(ort, model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
}

// Opens an exported model in ONNX Runtime's native CPU runtime (onnxruntime-node).
import { InputError, checkInteger, checkKnownOptions } from '@rnnkit/core';
import { OnnxModel, markKeepsInputs } from './onnx_model.js';
import type { OrtModule } from './ort_module.js';

/** Options of {@link loadOnnxModelNode}. */
export interface LoadOnnxModelNodeOptions {
  /** Threads of one operator (ONNX Runtime's `intraOpNumThreads`). @default 1 */
  threads?: number;
}

/**
 * Opens `model` (bytes from exportOnnx or an `.onnx` file) with `onnxruntime-node`, which must be
 * installed (an optional peer dependency, loaded only here), on the CPU with `threads` threads.
 *
 * @example
 * const model = await loadOnnxModelNode(fs.readFileSync('model.onnx'), { threads: 2 });
 * const { output, state } = await model.forward(x, { lengths });
 */
export async function loadOnnxModelNode(model: Uint8Array, options: LoadOnnxModelNodeOptions = {}): Promise<OnnxModel> {
  const fn = 'loadOnnxModelNode';
  checkKnownOptions(fn, 'options', options, ['threads']);
  const threads = checkInteger(fn, 'threads', options.threads ?? 1, 1);
  let ort: OrtModule;
  try {
    ort = (await import('onnxruntime-node')) as unknown as OrtModule;
  } catch (e) {
    throw new InputError(fn, 'onnxruntime-node', `needs the package onnxruntime-node installed beside @rnnkit/onnx (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  // The native runtime reads a run's inputs in place and never detaches them.
  markKeepsInputs(ort);
  return OnnxModel.create(ort, model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
}

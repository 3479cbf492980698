// The CTC loss and its gradient as loops over typed arrays: the alpha and beta recursions in
// log space per sample, rescaled every step exactly as the portable operation does.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { CtcLossGradInput, CtcLossInput, OpInputs, OpOutputs } from '@rnnkit/ops';
import type { KernelMemory } from './kernel_memory.js';
import { bufferOf } from './kernel_helpers.js';

type Attrs = { readonly blank: number };

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = a > b ? a : b;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** What both passes derive from the inputs: the extended labelling of every sample. */
interface Layout {
  readonly steps: number;
  readonly batch: number;
  readonly classes: number;
  readonly width: number;
  /** (N, W): blank, l1, blank, ..., lS, blank. */
  readonly ext: Int32Array;
  /** (N, W): whether a path may jump from s - 2 to s. */
  readonly skip: Uint8Array;
  readonly inputLengths: ArrayLike<number>;
  readonly targetLengths: ArrayLike<number>;
}

function layout(memory: KernelMemory, inputs: OpInputs<CtcLossInput, TensorInfo>, attrs: Attrs): Layout {
  const logProbs = inputs.logProbs;
  const targets = inputs.targets;
  const [steps = 0, batch = 0, classes = 0] = logProbs.shape;
  const labels = targets.shape[1] ?? 0;
  const width = 2 * labels + 1;
  const { blank } = attrs;
  const values = memory.access([targets], (view) => Int32Array.from(view));
  const ext = new Int32Array(batch * width).fill(blank);
  const skip = new Uint8Array(batch * width);
  for (let n = 0; n < batch; n++) {
    for (let l = 0; l < labels; l++) ext[n * width + 2 * l + 1] = values[n * labels + l] as number;
    for (let s = 2; s < width; s++) {
      const label = ext[n * width + s] as number;
      skip[n * width + s] = label !== blank && label !== ext[n * width + s - 2] ? 1 : 0;
    }
  }
  return {
    steps, batch, classes, width, ext, skip,
    inputLengths: memory.access([inputs.inputLengths], (view) => Int32Array.from(view)),
    targetLengths: memory.access([inputs.targetLengths], (view) => Int32Array.from(view)),
  };
}

/** Shifts `row` so its largest entry is 0 (when finite) and returns the shift. */
function rescale(row: Float64Array): number {
  let m = -Infinity;
  for (const v of row) if (v > m) m = v;
  if (!Number.isFinite(m)) return 0;
  for (let s = 0; s < row.length; s++) row[s] = (row[s] as number) - m;
  return m;
}

/** Outputs the loss per sample (N) and the rescaled log alpha (T, N, W), as the portable op. */
export function ctcForward(memory: KernelMemory, inputs: OpInputs<CtcLossInput, TensorInfo>, attrs: Attrs): OpOutputs<'loss' | 'logAlpha', TensorInfo> {
  const { steps, batch, classes, width, ext, skip, inputLengths, targetLengths } = layout(memory, inputs, attrs);
  const loss = new Float32Array(batch);
  const logAlpha = new Float32Array(steps * batch * width);
  // The recursions only read the heap; the outputs are copied in after it.
  memory.access([inputs.logProbs], (lp) => {
    const alpha = new Float64Array(width);
    const next = new Float64Array(width);
    for (let n = 0; n < batch; n++) {
      const row = n * width;
      alpha.fill(-Infinity);
      alpha[0] = 0;
      let logScale = 0;
      for (let t = 0; t < steps; t++) {
        if (t < (inputLengths[n] as number)) {
          const emit = (t * batch + n) * classes;
          for (let s = 0; s < width; s++) {
            let v = alpha[s] as number;
            if (s >= 1) v = logAdd(v, alpha[s - 1] as number);
            if (s >= 2 && skip[row + s] === 1) v = logAdd(v, alpha[s - 2] as number);
            next[s] = v + (lp[emit + (ext[row + s] as number)] as number);
          }
          alpha.set(next);
        }
        logScale += rescale(alpha);
        logAlpha.set(alpha, (t * batch + n) * width);
      }
      const end = 2 * (targetLengths[n] as number);
      let total = alpha[end] as number;
      if (end > 0) total = logAdd(total, alpha[end - 1] as number);
      loss[n] = -(logScale + total);
    }
  });
  return { loss: bufferOf(memory, [batch], loss), logAlpha: bufferOf(memory, [steps, batch, width], logAlpha) };
}

/** Outputs the gradient with respect to the log-probabilities, `-occupancy(t, c) * dy`. */
export function ctcBackward(memory: KernelMemory, inputs: OpInputs<CtcLossGradInput, TensorInfo>, attrs: Attrs): OpOutputs<'dlogProbs', TensorInfo> {
  const { steps, batch, classes, width, ext, skip, inputLengths, targetLengths } = layout(memory, inputs, attrs);
  const grad = new Float32Array(steps * batch * classes);
  const beta = new Float64Array(width);
  const next = new Float64Array(width);
  const logGamma = new Float64Array(width);
  // The recursions only read the heap; the gradient is copied in after it.
  memory.access([inputs.logProbs, inputs.logAlpha, inputs.dloss], (lp, logAlpha, dy) => {
    for (let n = 0; n < batch; n++) {
      const row = n * width;
      const end = 2 * (targetLengths[n] as number);
      const atEnd = (b: Float64Array): void => {
        b.fill(-Infinity);
        b[end] = 0;
      };
      atEnd(beta);
      for (let t = steps - 1; t >= 0; t--) {
        if (t >= (inputLengths[n] as number)) {
          atEnd(beta);
          continue;
        }
        const emit = (t * batch + n) * classes;
        for (let s = 0; s < width; s++) {
          let v = beta[s] as number;
          if (s + 1 < width) v = logAdd(v, beta[s + 1] as number);
          if (s + 2 < width && skip[row + s + 2] === 1) v = logAdd(v, beta[s + 2] as number);
          next[s] = v + (lp[emit + (ext[row + s] as number)] as number);
        }
        beta.set(next);
        rescale(beta);
        const at = (t * batch + n) * width;
        let norm = -Infinity;
        for (let s = 0; s < width; s++) {
          const g = (logAlpha[at + s] as number) + (beta[s] as number) - (lp[emit + (ext[row + s] as number)] as number);
          logGamma[s] = g;
          norm = logAdd(norm, g);
        }
        if (!Number.isFinite(norm)) continue;
        const scale = -(dy[n] as number);
        for (let s = 0; s < width; s++) {
          const g = logGamma[s] as number;
          if (g === -Infinity) continue;
          const c = ext[row + s] as number;
          grad[emit + c] = (grad[emit + c] as number) + scale * Math.exp(g - norm);
        }
      }
    }
  });
  return { dlogProbs: bufferOf(memory, [steps, batch, classes], grad) };
}

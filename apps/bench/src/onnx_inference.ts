// Inference rows of `pnpm bench`: the project's forward pass on the bench backend against the
// same model exported with @rnnkit/onnx and run through OnnxModel on onnxruntime-node (tensors in
// and out, lengths and state filled in as a module's forward does), and against ONNX Runtime's
// operators alone on a raw session, each at 1 and 2 threads.
import * as tf from '@tensorflow/tfjs-core';
import { loadOnnxModelNode } from '@rnnkit/onnx/node';
import type { RecurrentCase } from './cases.js';
import { RECURRENT_CASES } from './cases.js';
import { exportCase, ortRunner } from './ort_runner.js';
import { oursRunner } from './ours.js';
import { median, timeMs, warmUp } from './stats.js';

/** An inference row: a recurrent case of the bench contract, forward passes only. */
export interface OnnxInferenceCase {
  readonly name: string;
  readonly recurrent: RecurrentCase;
}

/** The contract's first three recurrent cases; the largest one alone would take minutes here. */
export const ONNX_INFERENCE_CASES: readonly OnnxInferenceCase[] = RECURRENT_CASES.slice(0, 3).map((c) => ({ name: `onnx_${c.name}`, recurrent: c }));

export const ONNX_INFERENCE_THREADS = [1, 2] as const;

export interface OnnxInferenceReport {
  case: string;
  backend: string;
  ours_ms: number;
  /** Per thread count: the exported model through OnnxModel, and the operators alone. */
  threads: Array<{
    threads: number;
    exported_ms: number;
    operator_ms: number;
    exported_over_operator: number;
    /**
     * The same ratio in process CPU time (every thread): what the runner adds in work, which a
     * loaded machine, where every run waits for a core, does not distort the way it distorts
     * wall time. At 2 threads ONNX Runtime's pool spins while it waits, on both sides alike.
     */
    exported_over_operator_cpu: number;
    ours_over_exported: number;
  }>;
}

const REPETITIONS = 7;
/**
 * ONNX Runtime time per side and thread count in each repetition: a short run (a GRU's forward
 * takes about 10 ms) is repeated in blocks until it fills this. The JavaScript side's
 * allocations (the output arrays, the read-back) start full garbage collections of the whole
 * heap, a few ms each, at random points: over 7 single runs one of them decided a ratio, over
 * many blocks it is spread.
 */
const BLOCK_BUDGET_MS = 150;
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

async function timeAsync(f: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await f();
  return performance.now() - started;
}

/** Wall and process CPU milliseconds of `f`. */
async function timeWallCpu(f: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await f();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

/**
 * Times one inference row, interleaved: each repetition runs ours, then per thread count blocks
 * of the exported model and the operators. The exported / operator ratio is the median over
 * blocks; ours over exported compares the medians.
 */
export async function benchOnnxInference(c: OnnxInferenceCase, backend: string): Promise<OnnxInferenceReport | string> {
  const ours = oursRunner(c.recurrent);
  const stateDict = ours.stateDict();
  const { steps, batch, inputSize } = c.recurrent;
  const x = tf.randomNormal([steps, batch, inputSize], 0, 1, 'float32', 3) as tf.Tensor3D;
  const values = Float32Array.from(x.dataSync());
  const sides: Array<{ threads: number; exported: () => Promise<unknown>; operator: () => Promise<unknown>; release: () => Promise<void> }> = [];
  for (const threads of ONNX_INFERENCE_THREADS) {
    const operator = await ortRunner(c.recurrent, stateDict, values, threads);
    if (typeof operator === 'string') {
      ours.dispose();
      x.dispose();
      return operator;
    }
    const model = await loadOnnxModelNode(exportCase(c.recurrent, stateDict, {}), { threads });
    sides.push({
      threads,
      async exported() {
        const { output, state } = await model.forward(x);
        await output.data();
        tf.dispose([output, ...Object.values(state)]);
      },
      operator: () => operator.forward(),
      async release() {
        await model.release();
        await operator.dispose();
      },
    });
  }
  warmUp(() => ours.forward());
  const blocks: number[] = [];
  for (const side of sides) {
    await side.exported();
    await side.operator();
    blocks.push(Math.max(1, Math.ceil(BLOCK_BUDGET_MS / (2 * Math.max(1, await timeAsync(side.operator))))));
  }
  const oursMs: number[] = [];
  // Per side: every run's time, and per block exported, operator, operator, exported (which
  // cancels a drift within the block) the exported pair's time over the operator pair's.
  const exportedMs = sides.map(() => [] as number[]);
  const operatorMs = sides.map(() => [] as number[]);
  const blockRatios = sides.map(() => [] as number[]);
  const blockCpuRatios = sides.map(() => [] as number[]);
  for (let r = 0; r < REPETITIONS; r++) {
    oursMs.push(timeMs(() => ours.forward()));
    for (const [k, side] of sides.entries()) {
      // Untimed: the first run after our forward pass or the other thread count pays for what
      // they left (a collection due, cold caches), which would otherwise fall on one side.
      await side.operator();
      for (let b = 0; b < (blocks[k] ?? 1); b++) {
        const exported = [await timeWallCpu(side.exported)];
        const operator = [await timeWallCpu(side.operator), await timeWallCpu(side.operator)];
        exported.push(await timeWallCpu(side.exported));
        exportedMs[k]?.push(...exported.map((t) => t.wall));
        operatorMs[k]?.push(...operator.map((t) => t.wall));
        const sum = (ts: Array<{ wall: number; cpu: number }>, key: 'wall' | 'cpu'): number => ts.reduce((a, t) => a + t[key], 0);
        blockRatios[k]?.push(sum(exported, 'wall') / sum(operator, 'wall'));
        blockCpuRatios[k]?.push(sum(exported, 'cpu') / sum(operator, 'cpu'));
      }
    }
  }
  for (const side of sides) await side.release();
  ours.dispose();
  x.dispose();
  return {
    case: c.name,
    backend,
    ours_ms: round(median(oursMs), 1),
    threads: sides.map((side, k) => ({
      threads: side.threads,
      exported_ms: round(median(exportedMs[k] ?? []), 1),
      operator_ms: round(median(operatorMs[k] ?? []), 1),
      exported_over_operator: round(median(blockRatios[k] ?? [])),
      exported_over_operator_cpu: round(median(blockCpuRatios[k] ?? [])),
      ours_over_exported: round(median(oursMs) / median(exportedMs[k] ?? [])),
    })),
  };
}

export const ONNX_INFERENCE_HEADER = ['case'.padEnd(28), 'ours'.padEnd(8), ...ONNX_INFERENCE_THREADS.map((t) => `exported / operator @${t}t (ratio, cpu ratio, ours over)`.padEnd(46))].join(' ');

export function formatOnnxInferenceRow(r: OnnxInferenceReport): string {
  return [
    r.case.padEnd(28),
    String(r.ours_ms).padEnd(8),
    ...r.threads.map((t) => `${t.exported_ms} / ${t.operator_ms} (${t.exported_over_operator}, ${t.exported_over_operator_cpu}, ${t.ours_over_exported})`.padEnd(46)),
  ].join(' ');
}

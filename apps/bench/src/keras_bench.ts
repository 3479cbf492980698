// Runs the Keras-style cases: ours in this process, tf.layers in a child, ratios of medians.
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bidirectional, gru, lstm } from '@rnnkit/tfjs-layers';
import type { KerasCase, KerasFactories, KerasTimes } from './keras_cases.js';
import { kerasModel, timeKerasModel } from './keras_cases.js';
import type { KerasPeerPredicted, KerasPeerReply } from './keras_peer_worker.js';
import { median } from './stats.js';

const OURS: KerasFactories = {
  lstm: (args) => lstm(args),
  gru: (args) => gru(args),
  bidirectional: (args) => bidirectional(args),
};

export interface KerasReport {
  case: string;
  backend: string;
  ours: { fit_ms: number; predict_ms: number; fit_cpu_ms: number; predict_cpu_ms: number };
  peer: { status: 'ok' | 'failed'; fit_ms: number | null; predict_ms: number | null; fit_cpu_ms: number | null; predict_cpu_ms: number | null; reason?: string };
  /** tf.layers' median over ours, wall clock. */
  speedup_vs_tfjs: { fit: number | null; predict: number | null };
  /** The same in CPU time. */
  cpu_speedup_vs_tfjs: { fit: number | null; predict: number | null };
}

/** tf.layers' timings, or its failure with the predict timings it reached before training. */
function peerTimes(backend: string, c: KerasCase, reps: number): Promise<KerasPeerReply & { predicted?: KerasTimes }> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const child = fork(path.join(here, 'keras_peer_worker.ts'), [backend, c.name, String(reps)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  return new Promise((resolve) => {
    let reply: KerasPeerReply | undefined;
    let predicted: KerasTimes | undefined;
    child.on('message', (m: KerasPeerReply | KerasPeerPredicted) => {
      if ('predicted' in m) predicted = m.predicted;
      else reply = m;
    });
    child.on('exit', (code, signal) => {
      const lastLine = stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-1)[0] ?? '';
      const failure = { ok: false as const, error: `tf.layers process exited (${signal ?? `code ${code}`})${lastLine ? `: ${lastLine.slice(0, 200)}` : ''}` };
      const final = reply ?? failure;
      resolve(final.ok ? final : { ...final, ...(predicted === undefined ? {} : { predicted }) });
    });
  });
}

const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

/** One case: ours (3 timed epochs and predicts, 2 with --quick), then tf.layers in a child. */
export async function benchKerasCase(c: KerasCase, backend: string, quick: boolean): Promise<KerasReport> {
  const model = kerasModel(c, OURS);
  const ours: KerasTimes = await timeKerasModel(model, c, quick ? 2 : 3);
  model.dispose();
  const peer = await peerTimes(backend, c, quick ? 1 : 2);
  const o = { fit: median(ours.fit), predict: median(ours.predict), fitCpu: median(ours.fitCpu), predictCpu: median(ours.predictCpu) };
  const p = peer.ok ? { fit: median(peer.fit), predict: median(peer.predict), fitCpu: median(peer.fitCpu), predictCpu: median(peer.predictCpu) } : null;
  // A failed tf.layers may still have predicted before its training failed.
  const pp = p ?? (peer.predicted === undefined ? null : { predict: median(peer.predicted.predict), predictCpu: median(peer.predicted.predictCpu) });
  return {
    case: c.name,
    backend,
    ours: { fit_ms: round(o.fit), predict_ms: round(o.predict), fit_cpu_ms: round(o.fitCpu), predict_cpu_ms: round(o.predictCpu) },
    peer: {
      status: peer.ok ? 'ok' : 'failed',
      fit_ms: p === null ? null : round(p.fit),
      predict_ms: pp === null ? null : round(pp.predict),
      fit_cpu_ms: p === null ? null : round(p.fitCpu),
      predict_cpu_ms: pp === null ? null : round(pp.predictCpu),
      ...(peer.ok ? {} : { reason: peer.error }),
    },
    speedup_vs_tfjs: { fit: p === null ? null : round(p.fit / o.fit, 2), predict: pp === null ? null : round(pp.predict / o.predict, 2) },
    cpu_speedup_vs_tfjs: { fit: p === null ? null : round(p.fitCpu / o.fitCpu, 2), predict: pp === null ? null : round(pp.predictCpu / o.predictCpu, 2) },
  };
}

export function formatKerasRow(r: KerasReport): string {
  const peer = r.peer.status === 'ok' ? `${r.peer.fit_ms} / ${r.peer.predict_ms}` : `failed / ${r.peer.predict_ms ?? 'failed'}`;
  const speedup = `${r.speedup_vs_tfjs.fit ?? '-'} / ${r.speedup_vs_tfjs.predict ?? '-'}`;
  const cpuSpeedup = `${r.cpu_speedup_vs_tfjs.fit ?? '-'} / ${r.cpu_speedup_vs_tfjs.predict ?? '-'}`;
  const ours = `${r.ours.fit_ms} / ${r.ours.predict_ms} (cpu ${r.ours.fit_cpu_ms} / ${r.ours.predict_cpu_ms})`;
  return [r.case.padEnd(24), ours.padEnd(38), peer.padEnd(20), speedup.padEnd(16), cpuSpeedup].join(' ')
    + (r.peer.status === 'failed' ? `\n  tf.layers failed: ${r.peer.reason ?? ''}` : '');
}

export const KERAS_HEADER = ['keras case'.padEnd(24), 'ours fit / predict (cpu time)'.padEnd(38), 'tf.layers'.padEnd(20), 'speedup'.padEnd(16), 'cpu-time speedup'].join(' ');

// `pnpm bench [--quick] [--json] [--backend NAME]`: times the project's recurrent layers against
// tf.layers and against the matmul floor, interleaved, in one process (the peer in a child).
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rnnkit/testing';
// The project's kernels for cpu and wasm, as a Node user gets them.
import '@rnnkit/typed-kernels';
import type { BenchCase } from './cases.js';
import { ALL_CASES, activationBytes } from './cases.js';
import { ctcRunner } from './ctc_runner.js';
import { floorRunner } from './floor.js';
import { oursRunner } from './ours.js';
import { PeerClient } from './peer_client.js';
import type { OrtRunner } from './ort_runner.js';
import { ortRunner } from './ort_runner.js';
import { median, timeMs } from './stats.js';

interface Args {
  quick: boolean;
  json: boolean;
  backend: string;
  cases: string[];
}

const USAGE = 'usage: pnpm bench [--quick] [--json] [--backend wasm|cpu] [--case NAME]...';

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, json: false, backend: 'wasm', cases: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--quick') args.quick = true;
    else if (a === '--json') args.json = true;
    else if (a === '--backend' || a === '--case') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      if (a === '--backend') args.backend = value;
      else args.cases.push(value);
    } else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return args;
}

export interface CaseReport {
  case: string;
  backend: string;
  ours: { forward_ms: number; train_ms: number; peak_train_bytes: number };
  peer: { status: 'ok' | 'failed' | 'none'; forward_ms: number | null; train_ms: number | null; reason?: string };
  floor: { forward_ms: number | null; train_ms: number | null };
  ort: { forward_ms: number | null; reason?: string };
  over_ort: number | null;
  speedup_vs_tfjs: { forward: number | null; train: number | null };
  over_floor: { forward: number | null; train: number | null };
  memory_over_activations: number;
  leaked_tensors_per_step: number;
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

const NO_PEER = 'TensorFlow.js has no CTC loss';

async function benchCase(c: BenchCase, backend: string, quick: boolean): Promise<CaseReport> {
  const reps = quick ? { forward: 2, train: 1 } : { forward: 7, train: 5 };
  const recurrent = c.kind === 'recurrent' ? c : undefined;
  const oursRecurrent = recurrent === undefined ? undefined : oursRunner(recurrent);
  const ours = oursRecurrent ?? ctcRunner(c as Extract<BenchCase, { kind: 'ctc' }>);
  // ONNX Runtime's native operators, one thread, with our weights: forward passes only.
  const ort: OrtRunner | string = recurrent === undefined || oursRecurrent === undefined
    ? 'ONNX Runtime has no CTC loss operator'
    : await ortRunner(recurrent, oursRecurrent.stateDict());
  const floor = recurrent === undefined ? undefined : floorRunner(recurrent);
  const peer = new PeerClient();
  let peerFailure: string | undefined = recurrent === undefined ? NO_PEER : undefined;
  if (recurrent !== undefined) {
    const started = await peer.start(backend, recurrent);
    if (!started.ok) peerFailure = started.error;
  }

  const peerTime = async (type: 'forward' | 'train'): Promise<number | undefined> => {
    if (peerFailure !== undefined) return undefined;
    const reply = await peer.request({ type });
    if (!reply.ok) {
      peerFailure = `${type}: ${reply.error}`;
      return undefined;
    }
    return reply.ms;
  };

  // Forward: one warm-up each, then interleaved repetitions.
  ours.forward();
  floor?.forward();
  await peerTime('forward');
  const oursForward: number[] = [];
  const floorForward: number[] = [];
  const peerForward: number[] = [];
  const ortForward: number[] = [];
  if (typeof ort !== 'string') await ort.forward();
  for (let r = 0; r < reps.forward; r++) {
    if (typeof ort !== 'string') {
      const started = performance.now();
      await ort.forward();
      ortForward.push(performance.now() - started);
    }
    oursForward.push(timeMs(() => ours.forward()));
    if (floor !== undefined) floorForward.push(timeMs(() => floor.forward()));
    const ms = await peerTime('forward');
    if (ms !== undefined) peerForward.push(ms);
  }
  const peerForwardFailure = peerFailure;

  // Training steps, with the live tensor count after each of ours.
  ours.trainStep();
  floor?.trainStep();
  const counts: number[] = [tf.memory().numTensors];
  await peerTime('train');
  const oursTrain: number[] = [];
  const floorTrain: number[] = [];
  const peerTrain: number[] = [];
  for (let r = 0; r < reps.train; r++) {
    oursTrain.push(timeMs(() => ours.trainStep()));
    counts.push(tf.memory().numTensors);
    if (floor !== undefined) floorTrain.push(timeMs(() => floor.trainStep()));
    const ms = await peerTime('train');
    if (ms !== undefined) peerTrain.push(ms);
  }
  const before = tf.memory().numBytes;
  const profile = await tf.profile(() => ours.trainStep());
  const peakTrainBytes = profile.peakBytes - before;
  peer.stop();
  if (typeof ort !== 'string') await ort.dispose();
  ours.dispose();
  floor?.dispose();

  const orNull = (xs: number[]): number | null => (xs.length > 0 ? median(xs) : null);
  const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : round(a / b));
  const f = { ours: median(oursForward), floor: orNull(floorForward), peer: orNull(peerForward) };
  const t = { ours: median(oursTrain), floor: orNull(floorTrain), peer: peerFailure === undefined ? orNull(peerTrain) : null };
  const report: CaseReport = {
    case: c.name,
    backend,
    ours: { forward_ms: round(f.ours, 1), train_ms: round(t.ours, 1), peak_train_bytes: peakTrainBytes },
    peer: {
      status: peerFailure === undefined ? 'ok' : peerFailure === NO_PEER ? 'none' : 'failed',
      forward_ms: f.peer === null ? null : round(f.peer, 1),
      train_ms: t.peer === null ? null : round(t.peer, 1),
      ...(peerFailure === undefined ? {} : { reason: peerForwardFailure ?? peerFailure }),
    },
    floor: { forward_ms: f.floor === null ? null : round(f.floor, 1), train_ms: t.floor === null ? null : round(t.floor, 1) },
    ort: { forward_ms: ortForward.length > 0 ? round(median(ortForward), 1) : null, ...(typeof ort === 'string' ? { reason: ort } : {}) },
    over_ort: ortForward.length > 0 ? round(f.ours / median(ortForward)) : null,
    speedup_vs_tfjs: { forward: ratio(f.peer, f.ours), train: ratio(t.peer, t.ours) },
    over_floor: { forward: ratio(f.ours, f.floor), train: ratio(t.ours, t.floor) },
    memory_over_activations: round(peakTrainBytes / activationBytes(c)),
    leaked_tensors_per_step: ((counts[counts.length - 1] ?? 0) - (counts[0] ?? 0)) / Math.max(1, counts.length - 1),
  };
  return report;
}

function formatRow(r: CaseReport): string {
  const peer = r.peer.status === 'ok'
    ? `${r.peer.forward_ms} / ${r.peer.train_ms}`
    : r.peer.status === 'none' ? 'none' : `${r.peer.forward_ms ?? '-'} / failed`;
  return [
    r.case.padEnd(22),
    `${r.ours.forward_ms} / ${r.ours.train_ms}`.padEnd(16),
    peer.padEnd(18),
    `${r.floor.forward_ms ?? '-'} / ${r.floor.train_ms ?? '-'}`.padEnd(16),
    `${r.speedup_vs_tfjs.forward ?? '-'} / ${r.speedup_vs_tfjs.train ?? '-'}`.padEnd(14),
    `${r.over_floor.forward ?? '-'} / ${r.over_floor.train ?? '-'}`.padEnd(13),
    `${r.ort.forward_ms ?? '-'} (${r.over_ort ?? '-'})`.padEnd(14),
    String(r.memory_over_activations).padEnd(8),
    String(r.leaked_tensors_per_step),
  ].join(' ');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  await useBackend(args.backend);
  let cases = args.quick ? ALL_CASES.slice(0, 3) : ALL_CASES;
  if (args.cases.length > 0) {
    const unknown = args.cases.filter((name) => !ALL_CASES.some((c) => c.name === name));
    if (unknown.length > 0) throw new Error(`unknown case ${unknown.join(', ')}; cases are ${ALL_CASES.map((c) => c.name).join(', ')}`);
    cases = ALL_CASES.filter((c) => args.cases.includes(c.name));
  }
  if (!args.json) {
    console.log(`backend ${args.backend}${args.quick ? ' (quick)' : ''}; times are medians in ms, forward / training step`);
    console.log(['case'.padEnd(22), 'ours'.padEnd(16), 'tf.layers'.padEnd(18), 'matmul floor'.padEnd(16), 'speedup'.padEnd(14), 'over floor'.padEnd(13), 'ort (over)'.padEnd(14), 'mem/act'.padEnd(8), 'leaks'].join(' '));
  }
  for (const c of cases) {
    const report = await benchCase(c, args.backend, args.quick);
    console.log(args.json ? JSON.stringify(report) : formatRow(report));
    if (!args.json && report.peer.status === 'failed') console.log(`  tf.layers failed: ${report.peer.reason ?? ''}`);
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

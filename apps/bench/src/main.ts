// `pnpm bench [--quick] [--json] [--backend NAME]`: times the project's recurrent layers against
// tf.layers and against the matmul floor, interleaved, in one process (the peer in a child).
import * as tf from '@tensorflow/tfjs-core';
import { startBackend } from './start_backend.js';
import type { FlagSpec } from '@rnnkit/cli';
import { oneOf, parseCommandLine, stringFlag } from '@rnnkit/cli';
import type { BenchCase, CtcCase, RecurrentCase, StreamCase } from './cases.js';
import { ALL_CASES, activationBytes } from './cases.js';
import { ctcRunner } from './ctc_runner.js';
import { floorRunner } from './floor.js';
import { KERAS_CASES } from './keras_cases.js';
import { KERAS_HEADER, benchKerasCase, formatKerasRow } from './keras_bench.js';
import { oursRunner, oursStreamRunner } from './ours.js';
import { PeerClient } from './peer_client.js';
import type { OrtRunner } from './ort_runner.js';
import { ortRunner } from './ort_runner.js';
import { median, timeMs, warmUp } from './stats.js';
import { ONNX_INFERENCE_CASES, ONNX_INFERENCE_HEADER, benchOnnxInference, formatOnnxInferenceRow } from './onnx_inference.js';
import { THREADS_HEADER, benchThreads, formatThreadsRow } from './threads.js';

interface Args {
  quick: boolean;
  json: boolean;
  backend: 'wasm' | 'cpu';
  cases: string[];
  /** `--threads N`: data-parallel training steps on N threads against one, instead of the table. */
  threads: number | undefined;
}

const USAGE = 'usage: pnpm bench [--quick] [--json] [--backend wasm|cpu] [--case NAME]... [--threads N]  (--flag value or --flag=value)';

/** The flags; a new one is a line here and its conversion below. */
const FLAGS = {
  quick: { type: 'boolean' },
  json: { type: 'boolean' },
  backend: { type: 'string' },
  case: { type: 'string', multiple: true },
  threads: { type: 'string' },
} as const satisfies Record<string, FlagSpec>;

function parseArgs(argv: string[]): Args {
  const { values, positionals } = parseCommandLine(argv, FLAGS);
  if (values['help'] === true) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length > 0) throw new Error(`unexpected argument ${positionals[0] ?? ''}\n${USAGE}`);
  const cases = values['case'];
  return {
    quick: values['quick'] === true,
    json: values['json'] === true,
    backend: oneOf('--backend', stringFlag(values, 'backend', 'wasm'), ['wasm', 'cpu'] as const),
    cases: Array.isArray(cases) ? cases : [],
    threads: threadCount(values['threads']),
  };
}

/** `--threads N`: an integer of at least 2, or absent. */
function threadCount(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 2) throw new Error(`--threads must be an integer >= 2, got ${String(value)}\n${USAGE}`);
  return n;
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

const FLOOR_WARM_UP = { minCalls: 1, minMs: 0 };

interface Repetitions {
  forward: number;
  train: number;
  /** The peer's, at most as many: its steps are the slow ones, and its first ones pair with ours. */
  peerForward: number;
  peerTrain: number;
}

/**
 * Timed repetitions: 7 forward passes and 5 training steps of every side. `--quick` takes 5 and 5
 * of ours and the floor, with 3 forward passes and 1 training step of the peer, for a small case;
 * for a case whose forward pass takes over a quarter of a second, 3 and 2, with 1 and 1.
 */
function repetitions(quick: boolean, forwardMs: number): Repetitions {
  if (!quick) return { forward: 7, train: 5, peerForward: 7, peerTrain: 5 };
  return forwardMs > 250 ? { forward: 3, train: 2, peerForward: 1, peerTrain: 1 } : { forward: 5, train: 5, peerForward: 3, peerTrain: 1 };
}

/**
 * The median over repetitions of `a[r] / b[r]`: each ratio pairs two timings taken moments apart,
 * so a slow stretch of a shared machine affects both sides of it, where a ratio of separate
 * medians would mix stretches. Repetitions where either side has no timing are left out.
 */
function pairedRatio(a: ReadonlyArray<number | undefined>, b: ReadonlyArray<number | undefined>): number | null {
  const ratios: number[] = [];
  a.forEach((x, r) => {
    const y = b[r];
    if (x !== undefined && y !== undefined) ratios.push(x / y);
  });
  return ratios.length > 0 ? round(median(ratios)) : null;
}

/**
 * The peer's time over ours: paired when both have every repetition; when the peer has fewer
 * (`--quick`), its median over the median of all of ours, so one slow step of ours does not
 * decide the figure alone.
 */
function speedup(peer: ReadonlyArray<number | undefined>, ours: readonly number[]): number | null {
  const timed = peer.filter((x): x is number => x !== undefined);
  if (timed.length === 0) return null;
  return timed.length === ours.length ? pairedRatio(peer, ours) : round(median(timed) / median(ours));
}

/** Times the peer's requests; its first failure is kept and every later request skipped. */
function peerTimer(peer: PeerClient, failure: string | undefined): { time(type: 'forward' | 'train'): Promise<number | undefined>; failure(): string | undefined } {
  let failed = failure;
  return {
    async time(type) {
      if (failed !== undefined) return undefined;
      const reply = await peer.request({ type });
      if (!reply.ok) {
        failed = `${type}: ${reply.error}`;
        return undefined;
      }
      return reply.ms;
    },
    failure: () => failed,
  };
}

async function benchCase(c: RecurrentCase | CtcCase, backend: string, quick: boolean, peer: PeerClient): Promise<CaseReport> {
  const recurrent = c.kind === 'recurrent' ? c : undefined;
  // The peer builds its model in its own process while ours, ONNX Runtime's and the floor's are built here.
  const peerStarted = recurrent === undefined ? undefined : peer.start(backend, recurrent);
  const oursRecurrent = recurrent === undefined ? undefined : oursRunner(recurrent);
  const ours = oursRecurrent ?? ctcRunner(c as Extract<BenchCase, { kind: 'ctc' }>);
  // ONNX Runtime's native operators, one thread, with our weights: forward passes only.
  const ort: OrtRunner | string = recurrent === undefined || oursRecurrent === undefined
    ? 'ONNX Runtime has no CTC loss operator'
    : await ortRunner(recurrent, oursRecurrent.stateDict());
  const floor = recurrent === undefined ? undefined : floorRunner(recurrent);
  let startFailure: string | undefined = recurrent === undefined ? NO_PEER : undefined;
  if (peerStarted !== undefined) {
    const started = await peerStarted;
    if (!started.ok) startFailure = started.error;
  }
  const timer = peerTimer(peer, startFailure);
  const peerTime = timer.time;

  // Forward: warm-ups (the peer's runs op by op and needs one), then interleaved repetitions.
  // Nothing is timed during the warm-ups, so the peer's runs in its own process alongside ours.
  // The floor is matmuls alone: one call packs its operands, and it needs no more.
  const peerForwardWarmUp = peerTime('forward');
  const forwardMs = warmUp(() => ours.forward());
  if (floor !== undefined) warmUp(() => floor.forward(), FLOOR_WARM_UP);
  await peerForwardWarmUp;
  const reps = repetitions(quick, forwardMs);
  const oursForward: number[] = [];
  const floorForward: number[] = [];
  const peerForward: Array<number | undefined> = [];
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
    peerForward.push(r < reps.peerForward ? await peerTime('forward') : undefined);
  }
  const peerForwardFailure = timer.failure();

  // Training steps: the first warm-up of ours is profiled for its peak memory (tfjs's byte count
  // at its high point); then the live tensor count after each timed step of ours.
  const peerTrainWarmUp = peerTime('train');
  const before = tf.memory().numBytes;
  const profiledAt = performance.now();
  const profile = await tf.profile(() => ours.trainStep());
  const peakTrainBytes = profile.peakBytes - before;
  warmUp(() => ours.trainStep(), { minCalls: 0, minMs: 1000 - (performance.now() - profiledAt) });
  if (floor !== undefined) warmUp(() => floor.trainStep(), FLOOR_WARM_UP);
  const counts: number[] = [tf.memory().numTensors];
  await peerTrainWarmUp;
  const oursTrain: number[] = [];
  const floorTrain: number[] = [];
  const peerTrain: Array<number | undefined> = [];
  for (let r = 0; r < reps.train; r++) {
    oursTrain.push(timeMs(() => ours.trainStep()));
    counts.push(tf.memory().numTensors);
    if (floor !== undefined) floorTrain.push(timeMs(() => floor.trainStep()));
    peerTrain.push(r < reps.peerTrain ? await peerTime('train') : undefined);
  }
  // A peer that failed may have lost its wasm module (an abort leaves it dead but the process
  // alive): the next case starts a fresh one.
  const peerFailure = timer.failure();
  if (peerFailure !== undefined && peerFailure !== NO_PEER) peer.stop();
  if (typeof ort !== 'string') await ort.dispose();
  ours.dispose();
  floor?.dispose();

  const timed = (xs: ReadonlyArray<number | undefined>): number[] => xs.filter((x): x is number => x !== undefined);
  const orNull = (xs: ReadonlyArray<number | undefined>): number | null => (timed(xs).length > 0 ? median(timed(xs)) : null);
  const peerTrained = peerFailure === undefined;
  const f = { ours: median(oursForward), floor: orNull(floorForward), peer: orNull(peerForward) };
  const t = { ours: median(oursTrain), floor: orNull(floorTrain), peer: peerTrained ? orNull(peerTrain) : null };
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
    speedup_vs_tfjs: { forward: speedup(peerForward, oursForward), train: peerTrained ? speedup(peerTrain, oursTrain) : null },
    over_floor: { forward: pairedRatio(oursForward, floorForward), train: pairedRatio(oursTrain, floorTrain) },
    memory_over_activations: round(peakTrainBytes / activationBytes(c)),
    leaked_tensors_per_step: ((counts[counts.length - 1] ?? 0) - (counts[0] ?? 0)) / Math.max(1, counts.length - 1),
  };
  return report;
}

export interface StreamReport {
  case: string;
  backend: string;
  ours: { ms_per_token: number; tokens_per_s: number };
  peer: { status: 'ok' | 'failed'; ms_per_token: number | null; tokens_per_s: number | null; reason?: string };
  ort: { ms_per_token: null; reason: string };
  speedup_vs_tfjs: number | null;
  leaked_tensors_per_call: number;
}

/**
 * A streaming case: ours (a stepper) and the peer (stateful tf.layers `predict`) each run the
 * case's tokens per repetition, interleaved; times are per token.
 */
async function benchStream(c: StreamCase, backend: string, quick: boolean, peer: PeerClient): Promise<StreamReport> {
  const peerStarted = peer.start(backend, c);
  const ours = oursStreamRunner(c);
  const started = await peerStarted;
  const timer = peerTimer(peer, started.ok ? undefined : started.error);
  const peerWarmUp = timer.time('forward');
  warmUp(() => ours.forward());
  await peerWarmUp;
  const before = tf.memory().numTensors;
  const oursMs: number[] = [];
  const peerMs: Array<number | undefined> = [];
  for (let r = 0; r < (quick ? 5 : 7); r++) {
    oursMs.push(timeMs(() => ours.forward()) / c.tokens);
    const peerTotal = await timer.time('forward');
    peerMs.push(peerTotal === undefined ? undefined : peerTotal / c.tokens);
  }
  const leaked = (tf.memory().numTensors - before) / (oursMs.length * c.tokens);
  ours.dispose();
  const failure = timer.failure();
  if (failure !== undefined) peer.stop();
  const timedPeer = peerMs.filter((x): x is number => x !== undefined);
  const peerMedian = timedPeer.length > 0 ? median(timedPeer) : null;
  const oursMedian = median(oursMs);
  return {
    case: c.name,
    backend,
    ours: { ms_per_token: round(oursMedian, 3), tokens_per_s: Math.round(1000 / oursMedian) },
    peer: {
      status: failure === undefined ? 'ok' : 'failed',
      ms_per_token: peerMedian === null ? null : round(peerMedian, 3),
      tokens_per_s: peerMedian === null ? null : Math.round(1000 / peerMedian),
      ...(failure === undefined ? {} : { reason: failure }),
    },
    ort: { ms_per_token: null, reason: 'no ONNX export yet' },
    speedup_vs_tfjs: pairedRatio(peerMs, oursMs),
    leaked_tensors_per_call: leaked,
  };
}

function formatStreamRow(r: StreamReport): string {
  return [
    r.case.padEnd(22),
    `${r.ours.ms_per_token} ms/token (${r.ours.tokens_per_s}/s)`.padEnd(28),
    `tf.layers ${r.peer.ms_per_token ?? 'failed'} ms/token (${r.peer.tokens_per_s ?? '-'}/s)`.padEnd(38),
    `speedup ${r.speedup_vs_tfjs ?? '-'}`.padEnd(14),
    `leaks ${r.leaked_tensors_per_call}`,
  ].join(' ');
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
  await startBackend(args.backend);
  let cases = args.quick ? ALL_CASES.slice(0, 3) : ALL_CASES;
  // ONNX Runtime inference rows (onnx_inference.ts) run after the cases, in full runs or by name.
  let onnxCases = args.quick ? [] : ONNX_INFERENCE_CASES;
  if (args.cases.length > 0) {
    const names = [...ALL_CASES, ...ONNX_INFERENCE_CASES, ...KERAS_CASES].map((c) => c.name);
    const unknown = args.cases.filter((name) => !names.includes(name));
    if (unknown.length > 0) throw new Error(`unknown case ${unknown.join(', ')}; cases are ${names.join(', ')}`);
    cases = ALL_CASES.filter((c) => args.cases.includes(c.name));
    onnxCases = ONNX_INFERENCE_CASES.filter((c) => args.cases.includes(c.name));
  }
  if (args.threads !== undefined) {
    const threads = args.threads;
    // Data-parallel training (threads.ts) applies to the recurrent cases; CTC has no parameters.
    const recurrent = cases.flatMap((c) => (c.kind === 'recurrent' ? [c] : []));
    if (!args.json) console.log(`backend ${args.backend}${args.quick ? ' (quick)' : ''}; training step on ${threads} threads (DataParallel) vs 1; medians in ms\n${THREADS_HEADER}`);
    for (const c of recurrent) {
      // A case that fails (a wasm abort in a replica) is reported, and the next one still runs.
      const report = await benchThreads(c, args.backend, threads, args.quick ? 3 : 5).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
      if (typeof report === 'string') console.log(args.json ? JSON.stringify({ case: c.name, failed: report }) : `${c.name.padEnd(22)} failed: ${report}`);
      else console.log(args.json ? JSON.stringify(report) : formatThreadsRow(report));
    }
    return;
  }
  if (!args.json) {
    console.log(`backend ${args.backend}${args.quick ? ' (quick)' : ''}; times are medians in ms, forward / training step`);
    console.log(['case'.padEnd(22), 'ours'.padEnd(16), 'tf.layers'.padEnd(18), 'matmul floor'.padEnd(16), 'speedup'.padEnd(14), 'over floor'.padEnd(13), 'ort (over)'.padEnd(14), 'mem/act'.padEnd(8), 'leaks'].join(' '));
  }
  // One peer process serves every case until a case kills it (a wasm abort); then the next starts one.
  const peer = new PeerClient();
  for (const c of cases) {
    if (c.kind === 'stream') {
      const report = await benchStream(c, args.backend, args.quick, peer);
      console.log(args.json ? JSON.stringify(report) : formatStreamRow(report));
      if (!args.json && report.peer.status === 'failed') console.log(`  tf.layers failed: ${report.peer.reason ?? ''}`);
      continue;
    }
    const report = await benchCase(c, args.backend, args.quick, peer);
    console.log(args.json ? JSON.stringify(report) : formatRow(report));
    if (!args.json && report.peer.status === 'failed') console.log(`  tf.layers failed: ${report.peer.reason ?? ''}`);
  }
  peer.stop();
  if (!args.json && onnxCases.length > 0) console.log(`\ninference on ONNX Runtime (onnxruntime-node, CPU); medians in ms\n${ONNX_INFERENCE_HEADER}`);
  for (const c of onnxCases) {
    const report = await benchOnnxInference(c, args.backend);
    console.log(typeof report === 'string' ? `${c.name}: ${report}` : args.json ? JSON.stringify(report) : formatOnnxInferenceRow(report));
  }
  const kerasCases = args.cases.length > 0 ? KERAS_CASES.filter((c) => args.cases.includes(c.name)) : args.quick ? [] : KERAS_CASES;
  if (!args.json && kerasCases.length > 0) console.log(KERAS_HEADER);
  for (const c of kerasCases) {
    const report = await benchKerasCase(c, args.backend, args.quick);
    console.log(args.json ? JSON.stringify(report) : formatKerasRow(report));
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

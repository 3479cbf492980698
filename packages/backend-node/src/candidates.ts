// How each Node backend is detected and started (internal to setupNodeBackend).
import * as tf from '@tensorflow/tfjs-core';
import type { ModuleLoader } from './module_loader.js';
import type { NodeBackendChoice } from './node_backend_choice.js';

/** A candidate either starts (and names the tfjs backend) or says why it cannot. */
export type StartResult = { ok: true; backend: string; reason: string } | { ok: false; reason: string };

export interface StartContext {
  readonly loadModule: ModuleLoader;
  readonly webgpuTimeoutMs: number;
}

/** An error's message; errors from another realm (jest's module registry) fail `instanceof Error`. */
function messageOf(e: unknown): string {
  const message = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(e);
}

function firstLine(e: unknown): string {
  const text = messageOf(e);
  return text.split('\n')[0] ?? text;
}

function isNotInstalled(e: unknown, specifier: string): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && messageOf(e).includes(specifier);
}

/** Loads `specifier`, or says why not: not installed, or installed but failing to load. */
async function load(ctx: StartContext, specifier: string): Promise<{ ok: true; module: unknown } | { ok: false; reason: string }> {
  try {
    return { ok: true, module: await ctx.loadModule(specifier) };
  } catch (e) {
    if (isNotInstalled(e, specifier)) return { ok: false, reason: `${specifier} is not installed` };
    return { ok: false, reason: `${specifier} is installed but failed to load: ${firstLine(e)}` };
  }
}

async function activate(backend: string, why: string): Promise<StartResult> {
  if (tf.findBackendFactory(backend) === null) {
    return { ok: false, reason: `no tfjs backend named ${backend} was registered` };
  }
  try {
    const ok = await tf.setBackend(backend);
    if (ok && tf.getBackend() === backend) return { ok: true, backend, reason: why };
    return { ok: false, reason: `backend ${backend} failed to initialise` };
  } catch (e) {
    return { ok: false, reason: `backend ${backend} failed to initialise: ${firstLine(e)}` };
  }
}

async function startTensorflow(ctx: StartContext, specifier: string, why: string): Promise<StartResult> {
  // Importing tfjs-node(-gpu) registers the `tensorflow` backend (libtensorflow through N-API).
  const loaded = await load(ctx, specifier);
  if (!loaded.ok) return loaded;
  return activate('tensorflow', why);
}

interface DawnGpu {
  requestAdapter(): Promise<unknown>;
}

function isDawnModule(m: unknown): m is { create(flags: string[]): DawnGpu; globals?: object } {
  return typeof m === 'object' && m !== null && typeof (m as { create?: unknown }).create === 'function';
}

async function startWebgpu(ctx: StartContext): Promise<StartResult> {
  const dawn = await load(ctx, 'webgpu');
  if (!dawn.ok) return dawn;
  if (!isDawnModule(dawn.module)) return { ok: false, reason: 'the webgpu package has no create(): not the Dawn binding expected' };
  let gpu: DawnGpu;
  let adapter: unknown;
  try {
    gpu = dawn.module.create([]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ctx.webgpuTimeoutMs);
    });
    adapter = await Promise.race([gpu.requestAdapter(), timeout]);
    clearTimeout(timer);
  } catch (e) {
    return { ok: false, reason: `Dawn failed to start: ${firstLine(e)}` };
  }
  if (adapter === 'timeout') return { ok: false, reason: `Dawn gave no adapter within ${ctx.webgpuTimeoutMs} ms` };
  if (adapter === null || adapter === undefined) {
    return { ok: false, reason: 'Dawn found no GPU adapter (no Vulkan device it can use)' };
  }
  // Only now, with a real adapter, does the process get WebGPU's globals, which tfjs-backend-webgpu
  // reads from navigator.gpu.
  if (dawn.module.globals !== undefined) Object.assign(globalThis, dawn.module.globals);
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  else if (g.navigator.gpu === undefined) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  const backend = await load(ctx, '@tensorflow/tfjs-backend-webgpu');
  if (!backend.ok) return backend;
  return activate('webgpu', 'a GPU adapter through Dawn (the webgpu package) and @tensorflow/tfjs-backend-webgpu');
}

/** Starts one candidate. */
export function startCandidate(choice: NodeBackendChoice, ctx: StartContext): Promise<StartResult> {
  switch (choice) {
    case 'tensorflow-gpu':
      return startTensorflow(ctx, '@tensorflow/tfjs-node-gpu', 'native TensorFlow with CUDA (@tensorflow/tfjs-node-gpu)');
    case 'tensorflow':
      return startTensorflow(ctx, '@tensorflow/tfjs-node', 'native TensorFlow on the CPU (@tensorflow/tfjs-node)');
    case 'webgpu':
      return startWebgpu(ctx);
    case 'wasm':
      return activate('wasm', 'WebAssembly, shipped with rnnkit, with its typed kernels');
    case 'cpu':
      return activate('cpu', 'plain JavaScript, with its typed kernels');
  }
}

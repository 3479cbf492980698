// setupNodeBackend's choice and fallback: the optional packages absent (as here), present (faked
// through the injected loader), installed but broken, and WebGPU without an adapter.
import { afterEach, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { lstm } from '@rnnkit/layers';
import { cpuKernelConfigs, wasmKernelConfigs } from '@rnnkit/backend-cpu-wasm/base';
import { setupNodeBackend } from './setup_node_backend.js';

function notInstalled(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from here`), { code: 'ERR_MODULE_NOT_FOUND' });
}

/** A loader where only the named fakes exist; a fake runs its side effect when loaded. */
function fakeLoader(fakes: Record<string, () => unknown>): (specifier: string) => Promise<unknown> {
  return async (specifier) => {
    const fake = fakes[specifier];
    if (fake === undefined) throw notInstalled(specifier);
    return fake();
  };
}

/** The forward output of a small seeded LSTM on the active backend. */
function lstmOutput(): Float32Array {
  return tf.tidy(() => {
    const model = lstm({ inputSize: 3, hiddenSize: 4, seed: 7 });
    const x = tf.tensor3d(Array.from({ length: 5 * 2 * 3 }, (_, i) => Math.sin(i)), [5, 2, 3]);
    return model.forward(x).output.dataSync() as Float32Array;
  });
}

/**
 * What importing @tensorflow/tfjs-node does: register a backend named `tensorflow` with its
 * kernels. The fake borrows the cpu backend's.
 */
function registerFakeTensorflow(): object {
  tf.registerBackend('tensorflow', () => new MathBackendCPU(), 3);
  for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: 'tensorflow' });
  return {};
}

afterEach(() => {
  if (tf.findBackendFactory('tensorflow') === null) return;
  for (const kernel of tf.getKernelsForBackend('tensorflow')) tf.unregisterKernel(kernel.kernelName, 'tensorflow');
  tf.removeBackend('tensorflow');
});

describe('setupNodeBackend', () => {
  it('falls back to wasm when neither tfjs-node package nor WebGPU is installed (this machine)', async () => {
    const setup = await setupNodeBackend();
    expect(setup.choice).toBe('wasm');
    expect(setup.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(setup.attempts.map((a) => [a.choice, a.ok])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['webgpu', false],
      ['wasm', true],
    ]);
    expect(setup.attempts[0]?.reason).toBe('@tensorflow/tfjs-node-gpu is not installed');
    expect(setup.attempts[1]?.reason).toBe('@tensorflow/tfjs-node is not installed');
    expect(setup.attempts[2]?.reason).toBe('webgpu is not installed');
    expect(setup.reason).toContain('skipped tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed');
  });

  it('has registered the typed kernels for cpu and wasm once imported', () => {
    for (const config of [...cpuKernelConfigs, ...wasmKernelConfigs]) {
      expect(tf.getKernel(config.kernelName, config.backendName)?.kernelFunc).toBe(config.kernelFunc);
    }
  });

  it('chooses tfjs-node when a (fake) one is installed, and the model gives the cpu numbers on it', async () => {
    await setupNodeBackend({ prefer: 'cpu' });
    const reference = lstmOutput();
    const setup = await setupNodeBackend({
      loadModule: fakeLoader({
        '@tensorflow/tfjs-node': registerFakeTensorflow,
      }),
    });
    expect(setup.choice).toBe('tensorflow');
    expect(setup.backend).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(setup.attempts.map((a) => a.choice)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(setup.reason).toMatch(/^native TensorFlow on the CPU/);
    const onTensorflow = lstmOutput();
    expect(Array.from(onTensorflow)).toEqual(Array.from(reference));
  });

  it('prefers tfjs-node-gpu over tfjs-node when both are present', async () => {
    const setup = await setupNodeBackend({
      loadModule: fakeLoader({
        '@tensorflow/tfjs-node-gpu': registerFakeTensorflow,
        '@tensorflow/tfjs-node': () => ({}),
      }),
    });
    expect(setup.choice).toBe('tensorflow-gpu');
    expect(setup.reason).toContain('CUDA');
    expect(setup.attempts).toHaveLength(1);
  });

  it('skips an installed tfjs-node-gpu whose native library fails to load, with the loader error', async () => {
    const setup = await setupNodeBackend({
      loadModule: fakeLoader({
        '@tensorflow/tfjs-node-gpu': () => {
          throw new Error('libcudart.so.11.0: cannot open shared object file\nstack...');
        },
      }),
    });
    expect(setup.choice).toBe('wasm');
    expect(setup.attempts[0]?.reason).toBe(
      '@tensorflow/tfjs-node-gpu is installed but failed to load: libcudart.so.11.0: cannot open shared object file',
    );
  });

  it('skips WebGPU with a reason when Dawn finds no adapter, leaving navigator untouched', async () => {
    const before = (globalThis as { navigator?: unknown }).navigator;
    const setup = await setupNodeBackend({
      loadModule: fakeLoader({ webgpu: () => ({ create: () => ({ requestAdapter: async () => null }), globals: {} }) }),
    });
    expect(setup.choice).toBe('wasm');
    expect(setup.attempts[2]).toEqual({ choice: 'webgpu', ok: false, reason: 'Dawn found no GPU adapter (no Vulkan device it can use)' });
    expect((globalThis as { navigator?: unknown }).navigator).toBe(before);
  });

  it('skips WebGPU when Dawn does not answer in time', async () => {
    const setup = await setupNodeBackend({
      webgpuTimeoutMs: 20,
      loadModule: fakeLoader({ webgpu: () => ({ create: () => ({ requestAdapter: () => new Promise(() => undefined) }) }) }),
    });
    expect(setup.attempts[2]?.reason).toBe('Dawn gave no adapter within 20 ms');
  });

  it('falls through to the usual order when the preferred backend cannot start', async () => {
    const setup = await setupNodeBackend({ prefer: 'tensorflow', loadModule: fakeLoader({}) });
    expect(setup.attempts.map((a) => a.choice)).toEqual(['tensorflow', 'tensorflow-gpu', 'webgpu', 'wasm']);
    expect(setup.choice).toBe('wasm');
  });

  it('rejects bad options, naming the function and the argument', async () => {
    await expect(setupNodeBackend({ prefer: 'gpu' as 'cpu' })).rejects.toThrow(
      'setupNodeBackend: options.prefer must be one of "tensorflow-gpu", "tensorflow", "webgpu", "wasm", "cpu", got "gpu"',
    );
    await expect(setupNodeBackend({ preferred: 'cpu' } as object)).rejects.toThrow('setupNodeBackend: unknown option "preferred" in options');
    await expect(setupNodeBackend({ webgpuTimeoutMs: 0 })).rejects.toThrow('setupNodeBackend: options.webgpuTimeoutMs must be an integer >= 1, got 0');
  });
});

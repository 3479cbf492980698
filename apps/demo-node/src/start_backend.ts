// Starts the backend a command asked for, as a user's app does: through the public setup, which
// also registers the cpu/wasm kernels.
import { setupNodeBackend } from '@rnnkit/backend-node';

/** Starts `choice` (wasm or cpu) and fails with the setup's reason when it does not start. */
export async function startBackend(choice: 'wasm' | 'cpu'): Promise<void> {
  const setup = await setupNodeBackend({ prefer: choice });
  if (setup.backend !== choice) throw new Error(`--backend ${choice} did not start: ${setup.reason}`);
}

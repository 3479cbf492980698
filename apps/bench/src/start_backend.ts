// Starts the backend a bench process runs on, through the public setup as a user's app does.
import { setupNodeBackend } from '@rnnkit/backend-node';

/** Starts `backend` (wasm or cpu) and throws with the setup's reason when it does not start. */
export async function startBackend(backend: string): Promise<void> {
  const choice = backend === 'cpu' ? 'cpu' : 'wasm';
  const setup = await setupNodeBackend({ prefer: choice });
  if (setup.backend !== backend) throw new Error(`backend ${backend} did not start: ${setup.reason}`);
}

// The check in a browser page on WebGL; the page fetches the fixture and reports on `window`.
import { setupWebglBackend } from '@rnnkit/backend-webgl';
import type { Fixture } from './lstm_check.js';
import { checkLstm } from './lstm_check.js';

async function main(): Promise<string> {
  await setupWebglBackend();
  const fixture = (await (await fetch('/fixture.json')).json()) as Fixture;
  return JSON.stringify(checkLstm(fixture));
}

main().then(
  (result) => document.body.setAttribute('data-result', result),
  (e: unknown) => document.body.setAttribute('data-error', String(e)),
);

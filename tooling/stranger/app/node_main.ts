// The check in Node: the best backend installed (wasm here), the fixture file named on the
// command line, the result printed as one JSON line.
import { readFileSync } from 'node:fs';
import { setupNodeBackend } from '@rnnkit/backend-node';
import type { Fixture } from './lstm_check.js';
import { checkLstm } from './lstm_check.js';

async function main(): Promise<void> {
  const setup = await setupNodeBackend({ prefer: 'wasm' });
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: node main FIXTURE.json');
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as Fixture;
  console.log(JSON.stringify({ setup: setup.backend, ...checkLstm(fixture) }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

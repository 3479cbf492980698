#!/usr/bin/env node
// `rnnkit-build`: builds the package in the current folder with the shared tsdown configuration.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('tsdown')), 'run.mjs');
const config = path.join(here, '..', 'tsdown.config.mjs');
const result = spawnSync(process.execPath, [cli, '--config', config, '--config-loader', 'native', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);

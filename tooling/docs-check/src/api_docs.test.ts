// `pnpm docs` (TypeDoc) must find a doc comment on every exported symbol of every public package:
// typedoc.json turns TypeDoc's "does not have any documentation" warnings into errors.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, test } from '@jest/globals';

const root = path.resolve(__dirname, '../../..');
const typedoc = path.join(path.dirname(createRequire(__filename).resolve('typedoc/package.json')), 'bin', 'typedoc');

describe('API reference', () => {
  test('every export of every public package is documented', () => {
    let output: string;
    let status = 0;
    try {
      output = execFileSync(process.execPath, [typedoc, '--emit', 'none', '--logLevel', 'Warn'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const failure = e as { stdout?: string; stderr?: string; status?: number };
      output = `${failure.stdout ?? ''}${failure.stderr ?? ''}`;
      status = failure.status ?? 1;
    }
    // eslint-disable-next-line no-control-regex
    const undocumented = output.replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter((line) => line.includes('does not have any documentation'));
    expect(undocumented).toEqual([]);
    expect({ status, output: status === 0 ? '' : output }).toEqual({ status: 0, output: '' });
  }, 120_000);
});

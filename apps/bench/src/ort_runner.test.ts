// The ONNX graph the bench times computes the project's model: same weights, same outputs.
// ONNX Runtime runs in a child process: its native binding rejects typed arrays made inside
// jest's sandbox.
import { expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

it('ONNX Runtime reproduces our lstm and gru outputs with the same weights', () => {
  const script = path.join(__dirname, 'ort_check.ts');
  const out = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: path.join(__dirname, '..'), encoding: 'utf8' });
  const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { case: string; error?: string; size?: number; expected?: number; worst_ratio?: number });
  expect(lines.map((l) => l.case)).toEqual(['2-layer bidirectional lstm', 'gru', '2-layer gru']);
  for (const line of lines) {
    expect(line.error).toBeUndefined();
    expect(line.size).toBe(line.expected);
    expect(line.worst_ratio).toBeLessThanOrEqual(1);
  }
}, 60000);

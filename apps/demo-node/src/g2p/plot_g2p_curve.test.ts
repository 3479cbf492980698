// The curve plot: the curve file's parsing against hand-written values and its refusals, and the
// command's SVG carrying the title and both series.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseCurve } from './g2p_curve.js';

const app = resolve(__dirname, '../..');

const FILE = 'seconds\tstep\tloss\tdev_per\tdev_wer\n120\t299\t1.0262\t0.2024\t0.6267\n240\t826\t0.4196\t0.1522\t0.5233\n';

describe('plot-curve', () => {
  it('reads minutes, steps and percent rates from a curve file', () => {
    const points = parseCurve(FILE);
    expect(points).toHaveLength(2);
    expect(points[1]?.minutes).toBe(4);
    expect(points[1]?.step).toBe(826);
    expect(points[0]?.devPer).toBeCloseTo(20.24, 10);
    expect(points[0]?.devWer).toBeCloseTo(62.67, 10);
  });

  it('refuses a wrong header, a short or non-numeric line, and a file without checks', () => {
    expect(() => parseCurve('seconds\tstep\n1\t2\n')).toThrow(/header must be seconds step loss dev_per dev_wer/);
    expect(() => parseCurve(`${FILE}300\t900\t0.3\n`)).toThrow(/line 4 is not 5 numbers/);
    expect(() => parseCurve(`${FILE}300\t900\t0.3\tx\t0.4\n`)).toThrow(/line 4 is not 5 numbers/);
    expect(() => parseCurve('seconds\tstep\tloss\tdev_per\tdev_wer\n')).toThrow(/no dev checks/);
  });

  it('draws an SVG with the title and both series (pnpm plot-curve)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plot-curve-'));
    try {
      writeFileSync(join(dir, 'run.curve.tsv'), FILE);
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/g2p/plot_g2p_curve.ts', join(dir, 'run.curve.tsv'), join(dir, 'out.svg'), 'CTC run'], { cwd: app, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const svg = readFileSync(join(dir, 'out.svg'), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      for (const text of ['CTC run', 'dev PER', 'dev WER', 'training minutes']) expect(svg).toContain(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The dev curve that `pnpm demo g2p --save PATH` writes beside the weights (PATH.curve.tsv), read
// and described as a Vega-Lite chart (drawn by plot_g2p_curve.ts).
import type { TopLevelSpec } from 'vega-lite';

/** One dev check of a run. */
export interface CurvePoint {
  readonly minutes: number;
  readonly step: number;
  readonly devPer: number;
  readonly devWer: number;
}

const COLUMNS = ['seconds', 'step', 'loss', 'dev_per', 'dev_wer'];

/** The dev checks of a curve file, checked line by line. */
export function parseCurve(text: string): CurvePoint[] {
  const [header, ...lines] = text.trim().split('\n');
  if (header?.split('\t').join(',') !== COLUMNS.join(',')) throw new Error(`curve file: the header must be ${COLUMNS.join(' ')}, got ${JSON.stringify(header)}`);
  if (lines.length === 0) throw new Error('curve file: no dev checks');
  return lines.map((line, k) => {
    const values = line.split('\t').map(Number);
    if (values.length !== COLUMNS.length || values.some((v) => !Number.isFinite(v))) throw new Error(`curve file: line ${k + 2} is not ${COLUMNS.length} numbers: ${JSON.stringify(line)}`);
    const [seconds = 0, step = 0, , per = 0, wer = 0] = values;
    return { minutes: seconds / 60, step, devPer: per * 100, devWer: wer * 100 };
  });
}

/** A line chart of dev PER and WER (percent) against training minutes. */
export function curveSpec(points: readonly CurvePoint[], title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 560,
    height: 280,
    background: 'white',
    data: { values: points.flatMap((p) => [{ minutes: p.minutes, rate: p.devPer, measure: 'dev PER' }, { minutes: p.minutes, rate: p.devWer, measure: 'dev WER' }]) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'minutes', type: 'quantitative', title: 'training minutes' },
      y: { field: 'rate', type: 'quantitative', title: 'error rate (%)', scale: { zero: true } },
      color: { field: 'measure', type: 'nominal', title: null },
    },
  };
}

// Draws the dev curve that `pnpm demo g2p --save PATH` writes beside the weights (PATH.curve.tsv)
// as an SVG image, with Vega-Lite rendered headless by Vega.
//   pnpm --filter @rnnkit/demo-node plot-curve RUN.curve.tsv OUT.svg "title"
import { readFileSync, writeFileSync } from 'node:fs';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { CurvePoint } from './g2p_curve.js';
import { curveSpec, parseCurve } from './g2p_curve.js';

/** The chart as SVG text. */
async function curveSvg(points: readonly CurvePoint[], title: string): Promise<string> {
  const view = new vega.View(vega.parse(compile(curveSpec(points, title)).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

async function main(argv: readonly string[]): Promise<void> {
  const [input, output, title = 'g2p dev PER and WER'] = argv;
  if (input === undefined || output === undefined) throw new Error('usage: plot-curve RUN.curve.tsv OUT.svg [title]');
  writeFileSync(output, await curveSvg(parseCurve(readFileSync(input, 'utf8')), title));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});

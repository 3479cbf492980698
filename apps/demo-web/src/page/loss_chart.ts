// The live loss chart (uPlot): training loss per step.
import uPlot from 'uplot';

/** Stroke colour of the loss line; the page test looks for it in the canvas. */
export const LOSS_COLOR = 'rgb(214, 69, 65)';

/** A uPlot chart of loss against step inside `parent`. */
export class LossChart {
  private readonly plot: uPlot;

  constructor(parent: HTMLElement, width: number) {
    this.plot = new uPlot(
      {
        width,
        height: 260,
        scales: { x: { time: false } },
        series: [{ label: 'step' }, { label: 'loss (nats/char)', stroke: LOSS_COLOR, width: 2 }],
        axes: [{ label: 'step' }, { label: 'loss' }],
      },
      [[], []],
      parent,
    );
  }

  update(losses: readonly number[]): void {
    this.plot.setData([losses.map((_, i) => i + 1), [...losses]]);
  }
}

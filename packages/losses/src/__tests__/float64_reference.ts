// Plain float64 references the tests compare against: written from the definitions, not from
// the tfjs code paths they check.

/** log(sum(exp(values))), -Infinity for none or all -Infinity. */
export function logSumExp(values: readonly number[]): number {
  const m = Math.max(...values);
  if (m === -Infinity || values.length === 0) return -Infinity;
  return m + Math.log(values.reduce((acc, v) => acc + Math.exp(v - m), 0));
}

/** Rows of `logits` (M, C) to log-softmax rows. */
export function logSoftmaxRows(logits: readonly number[][]): number[][] {
  return logits.map((row) => {
    const z = logSumExp(row);
    return row.map((v) => v - z);
  });
}

/**
 * CTC negative log-likelihood of one sample and its gradient with respect to the log-probs
 * (T, C) (only the first `inputLength` frames), by the alpha-beta recursions in float64.
 */
export function ctcReference(logProbs: readonly number[][], target: readonly number[], blank: number): { nll: number; grad: number[][] } {
  const steps = logProbs.length;
  const ext: number[] = [blank];
  for (const label of target) ext.push(label, blank);
  const width = ext.length;
  const canSkip = (s: number): boolean => s >= 2 && ext[s] !== blank && ext[s] !== ext[s - 2];
  const lp = (t: number, s: number): number => (logProbs[t] as number[])[ext[s] as number] as number;
  const alpha: number[][] = [];
  for (let t = 0; t < steps; t++) {
    const row: number[] = [];
    for (let s = 0; s < width; s++) {
      let prev: number[];
      if (t === 0) prev = s === 0 ? [0] : s === 1 ? [0] : [];
      else {
        const a = alpha[t - 1] as number[];
        prev = [a[s] as number];
        if (s >= 1) prev.push(a[s - 1] as number);
        if (canSkip(s)) prev.push(a[s - 2] as number);
      }
      row.push(logSumExp(prev) + lp(t, s));
    }
    alpha.push(row);
  }
  const ends = (row: number[]): number => logSumExp([row[width - 1] as number, ...(width > 1 ? [row[width - 2] as number] : [])]);
  const classes = (logProbs[0] ?? []).length;
  if (steps === 0) return { nll: target.length === 0 ? 0 : Infinity, grad: [] };
  const ll = ends(alpha[steps - 1] as number[]);
  const grad = logProbs.map(() => new Array<number>(classes).fill(0));
  if (ll === -Infinity) return { nll: Infinity, grad };
  const beta: number[][] = new Array<number[]>(steps);
  for (let t = steps - 1; t >= 0; t--) {
    const row: number[] = [];
    for (let s = 0; s < width; s++) {
      let next: number[];
      if (t === steps - 1) next = s >= width - 2 ? [0] : [];
      else {
        const b = beta[t + 1] as number[];
        next = [b[s] as number];
        if (s + 1 < width) next.push(b[s + 1] as number);
        if (s + 2 < width && canSkip(s + 2)) next.push(b[s + 2] as number);
      }
      row.push(logSumExp(next) + lp(t, s));
    }
    beta[t] = row;
  }
  for (let t = 0; t < steps; t++) {
    for (let s = 0; s < width; s++) {
      const g = Math.exp((alpha[t] as number[])[s] as number + ((beta[t] as number[])[s] as number) - lp(t, s) - ll);
      const gRow = grad[t] as number[];
      gRow[ext[s] as number] = (gRow[ext[s] as number] as number) - g;
    }
  }
  return { nll: -ll, grad };
}

/** Merges repeats and drops blanks: the labelling an alignment spells. */
export function collapse(path: readonly number[], blank: number): number[] {
  const out: number[] = [];
  path.forEach((c, t) => {
    if (c !== blank && c !== path[t - 1]) out.push(c);
  });
  return out;
}

/** Calls `visit` with every path of `steps` frames over `classes` classes (classes^steps of them). */
export function forEachPath(steps: number, classes: number, visit: (path: number[]) => void): void {
  const path = new Array<number>(steps).fill(0);
  for (;;) {
    visit(path);
    let t = steps - 1;
    while (t >= 0 && path[t] === classes - 1) path[t--] = 0;
    if (t < 0) return;
    path[t] = (path[t] as number) + 1;
  }
}

/**
 * By brute force over every alignment: the CTC negative log-likelihood of `target` and its
 * gradient with respect to the log-probs (minus each frame's class posterior).
 */
export function ctcBruteForce(logProbs: readonly number[][], target: readonly number[], blank: number): { nll: number; grad: number[][] } {
  const classes = (logProbs[0] ?? []).length;
  const key = target.join(',');
  const logs: number[] = [];
  const paths: number[][] = [];
  forEachPath(logProbs.length, classes, (path) => {
    if (collapse(path, blank).join(',') !== key) return;
    logs.push(path.reduce((acc, c, t) => acc + ((logProbs[t] as number[])[c] as number), 0));
    paths.push([...path]);
  });
  const total = logSumExp(logs);
  const grad = logProbs.map(() => new Array<number>(classes).fill(0));
  if (total === -Infinity) return { nll: Infinity, grad };
  paths.forEach((path, k) => {
    const weight = Math.exp((logs[k] as number) - total);
    path.forEach((c, t) => {
      const row = grad[t] as number[];
      row[c] = (row[c] as number) - weight;
    });
  });
  return { nll: -total, grad };
}

/** By brute force: log P(labelling) of every labelling the frames can spell, summed over alignments. */
export function labellingLogProbs(logProbs: readonly number[][], blank: number): Map<string, number> {
  const classes = (logProbs[0] ?? []).length;
  const byLabelling = new Map<string, number[]>();
  forEachPath(logProbs.length, classes, (path) => {
    const key = collapse(path, blank).join(',');
    const list = byLabelling.get(key) ?? [];
    list.push(path.reduce((acc, c, t) => acc + ((logProbs[t] as number[])[c] as number), 0));
    byLabelling.set(key, list);
  });
  return new Map([...byLabelling].map(([k, v]) => [k, logSumExp(v)]));
}

/** Cross-entropy per row, float64, from the definition (weights, label smoothing, ignored rows). */
export function crossEntropyReference(
  logits: readonly number[][],
  target: readonly number[],
  options: { weight?: readonly number[]; eps?: number; ignoreIndex?: number },
): { losses: number[]; denominator: number } {
  const { eps = 0, ignoreIndex = -100 } = options;
  const classes = (logits[0] ?? []).length;
  const weight = options.weight ?? new Array<number>(classes).fill(1);
  const logp = logSoftmaxRows(logits);
  let denominator = 0;
  const losses = logp.map((row, i) => {
    const y = target[i] as number;
    if (y === ignoreIndex) return 0;
    denominator += weight[y] as number;
    let smooth = 0;
    for (let c = 0; c < classes; c++) smooth -= (weight[c] as number) * (row[c] as number);
    return (1 - eps) * (weight[y] as number) * -(row[y] as number) + (eps / classes) * smooth;
  });
  return { losses, denominator };
}

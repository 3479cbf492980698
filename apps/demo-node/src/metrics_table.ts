// Prints the final metrics of a demo as an aligned two-column table.

/** Formats `rows` (name, value) under `title` as a boxed table. */
export function metricsTable(title: string, rows: ReadonlyArray<readonly [string, string]>): string {
  const left = Math.max(title.length, ...rows.map(([k]) => k.length));
  const right = Math.max(...rows.map(([, v]) => v.length), 5);
  const line = `+${'-'.repeat(left + 2)}+${'-'.repeat(right + 2)}+`;
  const body = rows.map(([k, v]) => `| ${k.padEnd(left)} | ${v.padStart(right)} |`);
  return [line, `| ${title.padEnd(left)} | ${'value'.padStart(right)} |`, line, ...body, line].join('\n');
}

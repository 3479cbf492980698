// Draws an attention alignment as a table: one row per emitted phoneme, one column per letter,
// each cell shaded by its weight.

/** Fills `target` with the heat map of `weights` (rows: phonemes then the end token; columns: letters). */
export function renderAlignmentHeatMap(target: HTMLElement, letters: readonly string[], phonemes: readonly string[], weights: readonly (readonly number[])[]): void {
  const table = document.createElement('table');
  table.className = 'heat';
  const head = table.insertRow();
  head.appendChild(document.createElement('th'));
  for (const letter of letters) {
    const th = document.createElement('th');
    th.textContent = letter;
    head.appendChild(th);
  }
  weights.forEach((row, i) => {
    const tr = table.insertRow();
    const label = document.createElement('th');
    label.textContent = phonemes[i] ?? '⟨end⟩';
    tr.appendChild(label);
    letters.forEach((_letter, j) => {
      const w = row[j] ?? 0;
      const cell = tr.insertCell();
      cell.dataset['weight'] = w.toFixed(4);
      cell.title = `${phonemes[i] ?? 'end'} ← ${letters[j] ?? ''}: ${w.toFixed(2)}`;
      // Darker blue for more attention; white at zero.
      const shade = Math.round(255 * (1 - Math.min(1, Math.max(0, w))));
      cell.style.background = `rgb(${shade}, ${shade}, 255)`;
    });
  });
  target.replaceChildren(table);
}

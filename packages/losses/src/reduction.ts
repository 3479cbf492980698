// The reductions a loss offers, with PyTorch's names.

/** `none` keeps one loss per sample (or position), `sum` adds them, `mean` averages them. */
export type Reduction = 'none' | 'sum' | 'mean';

/** The accepted reductions, for validation. */
export const REDUCTIONS: readonly Reduction[] = ['none', 'sum', 'mean'];

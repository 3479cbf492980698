// The attributes every fused sequence operation (RNN, LSTM, GRU) takes.

/**
 * `reverse`: visit the steps from last to first (the backward direction of a bidirectional
 * layer); `masked`: whether the mask holds any 0 (when false, implementations may skip masking).
 */
export const SEQUENCE_ATTRS = { reverse: 'boolean', masked: 'boolean' } as const;

/** The attributes of a sequence operation's forward: `SEQUENCE_ATTRS` and `workspace`. */
export const SEQUENCE_FORWARD_ATTRS = { ...SEQUENCE_ATTRS, workspace: 'boolean' } as const;

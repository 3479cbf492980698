// The attributes every fused sequence operation (RNN, LSTM, GRU) takes.

/**
 * `reverse`: visit the steps from last to first (the backward direction of a bidirectional
 * layer); `masked`: whether the mask holds any 0 (when false, implementations may skip masking).
 */
export const SEQUENCE_ATTRS = { reverse: 'boolean', masked: 'boolean' } as const;

/** The attributes of a sequence operation's forward: `SEQUENCE_ATTRS` and `workspace`. */
export const SEQUENCE_FORWARD_ATTRS = { ...SEQUENCE_ATTRS, workspace: 'boolean' } as const;

/**
 * How the gated operations (LSTM, GRU) squash their gates: the logistic (PyTorch), or Keras' hard
 * sigmoid `clip(0.2 a + 0.5, 0, 1)` (tf.layers' default `recurrentActivation`). Candidates and
 * cell outputs stay tanh.
 */
export const GATE_ACTIVATIONS = ['sigmoid', 'hardSigmoid'] as const;

/** A gate squashing function of {@link GATE_ACTIVATIONS}. */
export type GateActivation = (typeof GATE_ACTIVATIONS)[number];

/** The attributes of a gated operation's backward: `SEQUENCE_ATTRS` and `gateActivation`. */
export const GATED_SEQUENCE_ATTRS = { ...SEQUENCE_ATTRS, gateActivation: GATE_ACTIVATIONS } as const;

/** The attributes of a gated operation's forward: `SEQUENCE_FORWARD_ATTRS` and `gateActivation`. */
export const GATED_SEQUENCE_FORWARD_ATTRS = { ...SEQUENCE_FORWARD_ATTRS, gateActivation: GATE_ACTIVATIONS } as const;

// The shape every learning-rate schedule has.

/** The learning rate for the optimizer step with 0-based index `step`. */
export type LearningRateSchedule = (step: number) => number;

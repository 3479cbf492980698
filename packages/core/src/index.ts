/**
 * Errors, input validation, the cell contract, layouts, masks, initializers, seeded RNG, named parameters.
 * @module @rnnkit/core
 */
import './register_gradients.js';

export type { Carry, Cell, ParamSpec, ParamSpecEntry, Params, SequenceRunOptions, SequenceRunResult } from './cell.js';
export { checkBoolean, checkInteger, checkKnownOptions, checkNumber, checkOneOf } from './check_option.js';
export { checkLengths } from './check_lengths.js';
export type { CheckLengthsNaming, LengthsInput } from './check_lengths.js';
export { checkTensor } from './check_tensor.js';
export type { TensorExpectation } from './check_tensor.js';
export { describeValue } from './describe_value.js';
export { initParams } from './init_params.js';
export { InputError } from './input_error.js';
export { loadStateDict } from './load_state_dict.js';
export type { LoadStateDictOptions, LoadStateDictResult } from './load_state_dict.js';
export { seededRandom } from './seeded_random.js';
export type { RandomSource } from './seeded_random.js';
export { sequenceMask } from './sequence_mask.js';
export { swapBatchAndTime } from './swap_batch_and_time.js';

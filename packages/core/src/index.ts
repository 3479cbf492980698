/**
 * Errors, input validation, the cell contract, layouts, masks, initializers, seeded RNG, named parameters.
 * @module @rnnkit/core
 */
import './register_gradients.js';

export type { Cell, CellState, ParamSpec, ParamSpecEntry, Params, PreparedStep, SequenceRunOptions, SequenceRunResult, StepResult } from './cell.js';
export type { TreeCell, TreeChildren, TreeState, TreeStepResult } from './tree_cell.js';
export { checkBoolean, checkInteger, checkKnownOptions, checkNumber, checkOneOf } from './check_option.js';
export type { KnownOptionsSettings } from './check_option.js';
export { checkParamSpec } from './check_param_spec.js';
export { checkLengths } from './check_lengths.js';
export { checkParams } from './check_params.js';
export type { CheckLengthsNaming, LengthsInput } from './check_lengths.js';
export { checkTensor } from './check_tensor.js';
export type { TensorExpectation } from './check_tensor.js';
export { describeValue } from './describe_value.js';
export { editDistance } from './edit_distance.js';
export { initParams } from './init_params.js';
export { InputError } from './input_error.js';
export { layerParamName, REVERSE_SUFFIX } from './layer_param_name.js';
export { loadStateDict } from './load_state_dict.js';
export type { LoadStateDictOptions, LoadStateDictResult } from './load_state_dict.js';
export { parseRecurrentParamName } from './parse_recurrent_param_name.js';
export type { RecurrentParamName } from './parse_recurrent_param_name.js';
export { seededRandom } from './seeded_random.js';
export type { RandomSource, SeededRandom } from './seeded_random.js';
export { shape2 } from './shape2.js';
export { shape3 } from './shape3.js';
export { sequenceMask } from './sequence_mask.js';
export { swapBatchAndTime } from './swap_batch_and_time.js';

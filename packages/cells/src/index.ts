/**
 * One step of each recurrent cell as a pure function, with its parameter spec.
 * @module @rnnkit/cells
 */
export { gruCell } from './gru_cell.js';
export type { GruCellOptions } from './gru_cell.js';
export { jordanCell } from './jordan_cell.js';
export type { JordanCellOptions } from './jordan_cell.js';
export { lstmCell } from './lstm_cell.js';
export type { LstmCellOptions } from './lstm_cell.js';
export { mguCell } from './mgu_cell.js';
export type { MguCellOptions } from './mgu_cell.js';
export { rnnCell } from './rnn_cell.js';
export type { RnnCellOptions } from './rnn_cell.js';
export { sruCell } from './sru_cell.js';
export type { SruCellOptions } from './sru_cell.js';
export { childSumTreeLstmCell } from './child_sum_tree_lstm_cell.js';
export type { ChildSumTreeLstmCellOptions } from './child_sum_tree_lstm_cell.js';
export { naryTreeLstmCell } from './nary_tree_lstm_cell.js';
export type { NaryTreeLstmCellOptions } from './nary_tree_lstm_cell.js';

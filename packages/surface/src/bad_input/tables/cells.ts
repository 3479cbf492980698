// Bad input for every export of @rnnkit/cells: each factory's options and its cell's step.
import * as tf from '@tensorflow/tfjs-core';
import type { Cell, CellState, Params, TreeCell, TreeChildren } from '@rnnkit/core';
import { initParams, seededRandom } from '@rnnkit/core';
import * as cells from '@rnnkit/cells';
import type { BadInputRow, PackageTable } from '../row.js';
import type { OptionKind } from '../rows.js';
import { choice, flag, integer, objectRows, optionRows, row, t, tensorRows } from '../rows.js';

const SIZES = { inputSize: integer(1), hiddenSize: integer(1) };

/** Rows of a cell's step: params, x and state, each broken in turn. */
function stepRows(make: () => Cell): BadInputRow[] {
  const cell = make();
  const params = (): Params => initParams(cell.paramSpec, seededRandom(0));
  const state = (): CellState => Object.fromEntries(Object.entries(cell.stateSizes).map(([k, size]) => [k, tf.zeros([2, size]) as tf.Tensor2D]));
  const x = (): tf.Tensor2D => t([2, cell.inputSize]) as tf.Tensor2D;
  const firstParam = Object.keys(cell.paramSpec)[0] ?? 'weight_ih';
  const firstState = Object.keys(cell.stateSizes)[0] ?? 'h';
  return [
    ...objectRows('params', (v) => cell.step(v as Params, x(), state())),
    row(`params.${firstParam}`, 'a parameter missing', () => cell.step({ ...params(), [firstParam]: undefined } as unknown as Params, x(), state())),
    row(`params.${firstParam}`, 'a parameter of the wrong shape', () => cell.step({ ...params(), [firstParam]: t([1, 1]) }, x(), state())),
    ...objectRows('state', (v) => cell.step(params(), x(), v as CellState)),
    ...tensorRows(`state.${firstState}`, (v) => cell.step(params(), x(), { ...state(), [firstState]: v } as CellState), [2, cell.stateSizes[firstState] ?? 1], [3, cell.stateSizes[firstState] ?? 1]),
    ...tensorRows('x', (v) => cell.step(params(), v as tf.Tensor2D, state()), [2, cell.inputSize], [2, cell.inputSize + 1]),
  ];
}

/** Rows of a tree cell's step. */
function treeStepRows(make: () => TreeCell): BadInputRow[] {
  const cell = make();
  const params = (): Params => initParams(cell.paramSpec, seededRandom(0));
  const children = (k = 1): TreeChildren => ({ h: tf.zeros([2, k, cell.hiddenSize]), c: tf.zeros([2, k, cell.hiddenSize]) });
  const x = (): tf.Tensor2D => t([2, cell.inputSize]) as tf.Tensor2D;
  return [
    ...objectRows('params', (v) => cell.step(v as Params, x(), children())),
    row('params.weight_ih', 'weight_ih missing', () => cell.step({ ...params(), weight_ih: undefined } as unknown as Params, x(), children())),
    ...tensorRows('x', (v) => cell.step(params(), v as tf.Tensor2D, children()), [2, cell.inputSize], [2, cell.inputSize + 2]),
    ...objectRows('children', (v) => cell.step(params(), x(), v as TreeChildren)),
    ...tensorRows('children.h', (v) => cell.step(params(), x(), { ...children(), h: v as tf.Tensor3D }), [2, 1, cell.hiddenSize], [2, 1, cell.hiddenSize + 1]),
    ...tensorRows('children.c', (v) => cell.step(params(), x(), { ...children(), c: v as tf.Tensor3D }), [2, 1, cell.hiddenSize], [2, 2, cell.hiddenSize]),
  ];
}

function factoryRows(call: (options: unknown) => unknown, base: Record<string, unknown>, options: Record<string, OptionKind>): BadInputRow[] {
  return [
    ...optionRows(call, base, options, { required: true }),
    row('hiddenSize', 'an absurd hiddenSize', () => call({ ...base, hiddenSize: 1e9 })),
  ];
}

export const cellsTable: PackageTable = {
  module: '@rnnkit/cells',
  exports: cells,
  rows: () => ({
    rnnCell: [
      ...factoryRows((o) => cells.rnnCell(o as cells.RnnCellOptions), { inputSize: 3, hiddenSize: 4 }, { ...SIZES, nonlinearity: choice, bias: flag }),
      ...stepRows(() => cells.rnnCell({ inputSize: 3, hiddenSize: 4 })),
    ],
    lstmCell: [
      ...factoryRows((o) => cells.lstmCell(o as cells.LstmCellOptions), { inputSize: 3, hiddenSize: 4 }, { ...SIZES, bias: flag, projSize: integer(0, 3), peephole: flag, coupled: flag }),
      ...stepRows(() => cells.lstmCell({ inputSize: 3, hiddenSize: 4 })),
      ...stepRows(() => cells.lstmCell({ inputSize: 3, hiddenSize: 4, peephole: true, projSize: 2 })),
    ],
    gruCell: [
      ...factoryRows((o) => cells.gruCell(o as cells.GruCellOptions), { inputSize: 3, hiddenSize: 4 }, { ...SIZES, bias: flag, resetAfter: flag }),
      ...stepRows(() => cells.gruCell({ inputSize: 3, hiddenSize: 4, resetAfter: false })),
    ],
    mguCell: [
      ...factoryRows((o) => cells.mguCell(o as cells.MguCellOptions), { inputSize: 3, hiddenSize: 4 }, { ...SIZES, bias: flag }),
      ...stepRows(() => cells.mguCell({ inputSize: 3, hiddenSize: 4 })),
    ],
    sruCell: [
      ...factoryRows((o) => cells.sruCell(o as cells.SruCellOptions), { inputSize: 4, hiddenSize: 4 }, SIZES),
      ...stepRows(() => cells.sruCell({ inputSize: 4, hiddenSize: 4 })),
    ],
    jordanCell: [
      ...factoryRows((o) => cells.jordanCell(o as cells.JordanCellOptions), { inputSize: 3, hiddenSize: 4, outputSize: 2 }, { ...SIZES, outputSize: integer(1) }),
      ...stepRows(() => cells.jordanCell({ inputSize: 3, hiddenSize: 4, outputSize: 2 })),
    ],
    childSumTreeLstmCell: [
      ...factoryRows((o) => cells.childSumTreeLstmCell(o as cells.ChildSumTreeLstmCellOptions), { inputSize: 3, hiddenSize: 4 }, { ...SIZES, bias: flag }),
      ...treeStepRows(() => cells.childSumTreeLstmCell({ inputSize: 3, hiddenSize: 4 })),
    ],
    naryTreeLstmCell: [
      ...factoryRows((o) => cells.naryTreeLstmCell(o as cells.NaryTreeLstmCellOptions), { inputSize: 3, hiddenSize: 4, arity: 2 }, { ...SIZES, arity: integer(1), bias: flag }),
      row('children.h', 'more children than the arity', () => {
        const cell = cells.naryTreeLstmCell({ inputSize: 3, hiddenSize: 4, arity: 2 });
        return cell.step(initParams(cell.paramSpec, seededRandom(0)), t([2, 3]) as tf.Tensor2D, { h: tf.zeros([2, 3, 4]), c: tf.zeros([2, 3, 4]) });
      }),
      ...treeStepRows(() => cells.naryTreeLstmCell({ inputSize: 3, hiddenSize: 4, arity: 2 })),
    ],
  }),
};

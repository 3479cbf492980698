// Every table of the bad-input test: one per public entry point. Add a new package's here.
import type { PackageTable } from '../row.js';
import { cellsTable } from './cells.js';
import { ioNodeTable, ioTable } from './io.js';
import { layersTable } from './layers.js';
import { lossesTable } from './losses.js';
import { backendCpuWasmTable, backendNodeTable, opsTable } from './others.js';
import { trainNodeTable, trainTable } from './train.js';
import { coreTable } from './core.js';

export const TABLES: readonly PackageTable[] = [coreTable, cellsTable, layersTable, lossesTable, ioTable, ioNodeTable, trainTable, trainNodeTable, opsTable, backendCpuWasmTable, backendNodeTable];

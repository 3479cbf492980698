// Run by data_parallel.test.ts in a child process: a closed DataParallel and an unclosed one must
// both let the process end on its own.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { Trainer, sgd } from '../index.js';
import { DataParallel } from '../node.js';

const module = pathToFileURL(path.join(path.dirname(process.argv[1] ?? ''), 'data_parallel_replica.ts'));
const replicaOptions = { inputSize: 2, hiddenSize: 3, outputs: 1 };
const closed = await DataParallel.start({ module, replicaOptions, threads: 2 });
const trainer = new Trainer({ variables: closed.variables, optimizer: sgd() });
const batch = { x: tf.ones([2, 4, 2]), y: tf.zeros([2, 4, 1]) };
const { loss } = await closed.trainStep(trainer, batch);
console.log(JSON.stringify({ loss, codes: await closed.close() }));
const open = await DataParallel.start({ module, replicaOptions, threads: 2 });
await open.trainStep(new Trainer({ variables: open.variables, optimizer: sgd() }), batch);
console.log('left open');

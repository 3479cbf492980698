// Bad input for every export of @rnnkit/train, @rnnkit/train/node and @rnnkit/train/web.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as train from '@rnnkit/train';
import * as trainNode from '@rnnkit/train/node';
import * as trainWeb from '@rnnkit/train/web';
import type { BadInputRow, PackageTable } from '../row.js';
import { choice, custom, disposed, flag, functionRows, integer, number, objectRows, optionRows, row, t } from '../rows.js';

const variables = (): Record<string, tf.Variable> => ({ w: tf.variable(tf.ones([3]), true) });
const trainer = (optimizer: train.Optimizer = train.adam()): train.Trainer => new train.Trainer({ variables: variables(), optimizer });
const loss = (tr: train.Trainer) => (): tf.Scalar => tf.sum(tf.square(tr.variables['w'] as tf.Variable));
const grads = (): Record<string, tf.Tensor> => ({ w: tf.ones([3]) });
const scratch = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'rnnkit-bad-input-'));

/** A trainer one step in, and its checkpoint as copies. */
function stepped(): { trainer: train.Trainer; tensors: Record<string, tf.Tensor>; json: train.CheckpointJson } {
  const tr = trainer();
  tr.trainStep(loss(tr));
  const { tensors, json } = train.trainerCheckpoint(tr);
  return { trainer: tr, tensors: Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, tf.clone(v)])), json: structuredClone(json) };
}

function restoreRows(): BadInputRow[] {
  const restore = (edit: (c: ReturnType<typeof stepped>) => unknown): unknown => {
    const c = stepped();
    edit(c);
    return train.restoreTrainer(c.trainer, { tensors: c.tensors, json: c.json });
  };
  return [
    ...objectRows('trainer', (v) => train.restoreTrainer(v as train.Trainer, { tensors: {}, json: {} })),
    ...objectRows('checkpoint', (v) => train.restoreTrainer(trainer(), v as { tensors: Record<string, tf.Tensor>; json: unknown })),
    row('checkpoint.tensors', 'tensors not an object', () => train.restoreTrainer(trainer(), { tensors: 3 as unknown as Record<string, tf.Tensor>, json: {} })),
    row('checkpoint.json', 'json not an object', () => restore((c) => { (c as { json: unknown }).json = 'x'; })),
    row('checkpoint.json.format', 'another format', () => restore((c) => { (c.json as { format: string }).format = 'other'; })),
    row('checkpoint.json.step', 'a negative step', () => restore((c) => { c.json.step = -1; })),
    row('checkpoint.json.random', 'a random state of 2^32', () => restore((c) => { c.json.random = 2 ** 32; })),
    row('checkpoint.json.optimizer', 'optimizer values null', () => restore((c) => { (c.json.optimizer as { values: unknown }).values = null; })),
    row('checkpoint.json.surprise', 'an unknown field', () => restore((c) => { (c.json as unknown as Record<string, unknown>)['surprise'] = 1; })),
    row('checkpoint.json.earlyStopping', 'early stopping of the wrong shape', () => restore((c) => { (c.json as unknown as Record<string, unknown>)['earlyStopping'] = { best: 'x' }; })),
    row('checkpoint.json.randomGenerators', 'random generators the trainer lacks', () => restore((c) => { c.json.randomGenerators = { dropout: 1 }; })),
    row('checkpoint.optimizer.values.learningRate', 'a learning rate of "fast"', () => restore((c) => { (c.json.optimizer.values as Record<string, unknown>)['learningRate'] = 'fast'; })),
    row('checkpoint.optimizer.values.learningRate', 'a learning rate of -1', () => restore((c) => { c.json.optimizer.values['learningRate'] = -1; })),
    row('checkpoint.optimizer.values.iterations', 'fractional iterations', () => restore((c) => { c.json.optimizer.values['iterations'] = 1.5; })),
    row('checkpoint.optimizer.values.beta1', 'another beta1', () => restore((c) => { c.json.optimizer.values['beta1'] = 0.5; })),
    row('checkpoint.optimizer.values.momentum', 'an unknown optimizer value', () => restore((c) => { c.json.optimizer.values['momentum'] = 0.5; })),
    row('optimizer.m.w', 'a missing first moment', () => restore((c) => { delete c.tensors['optimizer.m.w']; })),
    row('optimizer.m.w', 'both moments missing', () => restore((c) => { delete c.tensors['optimizer.m.w']; delete c.tensors['optimizer.v.w']; })),
    row('optimizer.q.w', 'an unknown slot', () => restore((c) => { c.tensors['optimizer.q.w'] = tf.zeros([3]); })),
    row('optimizer.m.x', 'a slot of an unknown parameter', () => restore((c) => { c.tensors['optimizer.m.x'] = tf.zeros([3]); })),
    row('optimizer.m.w', 'a slot of the wrong shape', () => restore((c) => { c.tensors['optimizer.m.w'] = tf.zeros([1]); })),
    row('optimizer.v.w', 'a negative second moment', () => restore((c) => { c.tensors['optimizer.v.w'] = tf.fill([3], -1); })),
    row('checkpoint.tensors.param.w', 'a NaN parameter', () => restore((c) => { c.tensors['param.w'] = tf.fill([3], Number.NaN); })),
    row('checkpoint.tensors.param.w', 'a disposed parameter', () => restore((c) => { c.tensors['param.w'] = disposed([3]); })),
    row('checkpoint', 'a parameter of the wrong shape', () => restore((c) => { c.tensors['param.w'] = tf.zeros([2]); })),
    row('checkpoint', 'a missing parameter', () => restore((c) => { delete c.tensors['param.w']; })),
    row('checkpoint.tensors.junk', 'a tensor outside the known prefixes', () => restore((c) => { c.tensors['junk'] = tf.zeros([1]); })),
    row('checkpoint', 'another optimizer kind', () => restore((c) => { c.json.optimizer.kind = 'sgd'; })),
    row('extras.carried', 'carried that is not a CarriedState', () => train.restoreTrainer(trainer(), stepped(), { carried: {} as train.CarriedState })),
    row('extras.earlyStoping', 'a misspelt extra', () => train.restoreTrainer(trainer(), stepped(), { earlyStoping: 1 } as never)),
  ];
}

export const trainTable: PackageTable = {
  module: '@rnnkit/train',
  exports: train,
  rows: () => ({
    adam: [
      ...optionRows((o) => train.adam(o as train.AdamOptions), {}, { learningRate: number(-1), beta1: number(-0.1, 1), beta2: number(-0.1, 1), epsilon: number(-1), weightDecay: number(-1) }),
      row('grads.w', 'apply with a [1] gradient on a [3] variable', () => train.adam().apply(variables(), { w: tf.ones([1]) })),
      row('grads.w', 'apply with int32 gradients', () => train.adam().apply(variables(), { w: tf.ones([3], 'int32') })),
      row('grads.w', 'apply with a disposed gradient', () => train.adam().apply(variables(), { w: disposed([3]) })),
      row('grads.x', 'apply with a gradient of no variable', () => train.adam().apply(variables(), { x: tf.ones([3]) })),
      ...objectRows('grads', (v) => train.adam().apply(variables(), v as Record<string, tf.Tensor>)),
      ...objectRows('variables', (v) => train.adam().apply(v as Record<string, tf.Variable>, grads())),
      ...[-5, Number.NaN, 'fast'].map((v) => row('learningRate', `learningRate set to ${String(v)}`, () => { train.adam().learningRate = v as number; })),
    ],
    sgd: [
      ...optionRows((o) => train.sgd(o as train.SgdOptions), {}, { learningRate: number(-1), momentum: number(-1), nesterov: flag, weightDecay: number(-1) }),
      row('nesterov', 'nesterov without momentum', () => train.sgd({ nesterov: true })),
      row('grads.w', 'apply with a [1] gradient on a [3] variable', () => train.sgd().apply(variables(), { w: tf.ones([1]) })),
      row('grads.w', 'apply with int32 gradients', () => train.sgd().apply(variables(), { w: tf.ones([3], 'int32') })),
      ...[-5, Number.NaN].map((v) => row('learningRate', `learningRate set to ${String(v)}`, () => { train.sgd().learningRate = v; })),
    ],
    Trainer: [
      ...optionRows((o) => new train.Trainer(o as train.TrainerOptions), { variables: variables(), optimizer: train.adam() }, {
        clipNorm: number(-1), clipValue: number(-1), seed: integer(0, 2 ** 32 - 1), schedule: custom(3, 'cosine', null),
        randomGenerators: custom(3, null),
      }, { required: true }),
      row('randomGenerators.dropout', 'a generator without a state', () => new train.Trainer({ variables: variables(), optimizer: train.adam(), randomGenerators: { dropout: {} as train.StatefulRandom } })),
      row('randomGenerators.dropout', 'a generator with a negative state', () => new train.Trainer({ variables: variables(), optimizer: train.adam(), randomGenerators: { dropout: { state: -1 } } })),
      row('variables', 'no variables', () => new train.Trainer({ variables: {}, optimizer: train.adam() })),
      row('variables.w', 'a plain tensor', () => new train.Trainer({ variables: { w: t([3]) as tf.Variable }, optimizer: train.adam() })),
      row('variables.w', 'a disposed variable', () => {
        const v = variables();
        v['w']?.dispose();
        return new train.Trainer({ variables: v, optimizer: train.adam() });
      }),
      ...objectRows('optimizer', (v) => new train.Trainer({ variables: variables(), optimizer: v as train.Optimizer }), [undefined, null, 'adam', { apply: () => undefined }]),
      ...functionRows('loss', (v) => trainer().trainStep(v as () => tf.Scalar)),
      row('loss', 'a loss returning a vector', () => trainer().trainStep(() => tf.ones([2]) as tf.Scalar)),
      row('schedule(step)', 'a schedule returning NaN', () => new train.Trainer({ variables: variables(), optimizer: train.adam(), schedule: () => Number.NaN }).trainStep(() => tf.scalar(1))),
    ],
    trainerCheckpoint: [
      ...objectRows('trainer', (v) => train.trainerCheckpoint(v as train.Trainer)),
      row('extras.carry', 'a misspelt extra', () => train.trainerCheckpoint(trainer(), { carry: 1 } as never)),
      row('extras.carried', 'carried that is not a CarriedState', () => train.trainerCheckpoint(trainer(), { carried: {} as train.CarriedState })),
      row('extras.earlyStopping', 'earlyStopping that is not an EarlyStopping', () => train.trainerCheckpoint(trainer(), { earlyStopping: {} as train.EarlyStopping })),
      row('extras.tensors.a', 'a disposed extra tensor', () => train.trainerCheckpoint(trainer(), { tensors: { a: disposed() } })),
    ],
    restoreTrainer: restoreRows(),
    fit: [
      ...objectRows('trainer', (v) => train.fit(v as train.Trainer, { steps: 1, loss: () => tf.scalar(1) })),
      ...optionRows((o) => train.fit(trainer(), o as train.FitOptions), { steps: 1, loss: () => tf.scalar(1) }, { steps: integer(0), tokensPerStep: integer(1) }, { required: true }),
      ...functionRows('loss', (v) => train.fit(trainer(), { steps: 1, loss: v as () => tf.Scalar })),
      row('validate.every', 'validate every 0 steps', () => train.fit(trainer(), { steps: 1, loss: () => tf.scalar(1), validate: { every: 0, metric: () => 1 } })),
      row('validate.metric', 'validate without a metric', () => train.fit(trainer(), { steps: 1, loss: () => tf.scalar(1), validate: { every: 1 } as never })),
      row('validate.earlyStopping', 'validate with a plain object as early stopping', () => train.fit(trainer(), { steps: 1, loss: () => tf.scalar(1), validate: { every: 1, metric: () => 1, earlyStopping: {} as train.EarlyStopping } })),
      row('checkpoint.save', 'checkpoint without save', () => train.fit(trainer(), { steps: 1, loss: () => tf.scalar(1), checkpoint: { every: 1 } as never })),
      row('onProgress', 'onProgress not a function', () => train.fit(trainer(), { steps: 1, loss: () => tf.scalar(1), onProgress: 3 as never })),
    ],
    truncatedBptt: [
      ...optionRows((o) => train.truncatedBptt(trainer(), o as train.TruncatedBpttOptions), { steps: 1, chunkLoss: () => ({ loss: tf.scalar(1), state: {} }) }, { steps: integer(0) }, { required: true }),
      ...functionRows('chunkLoss', (v) => train.truncatedBptt(trainer(), { steps: 1, chunkLoss: v as train.TruncatedBpttOptions['chunkLoss'] })),
      row('carried', 'carried not a CarriedState', () => train.truncatedBptt(trainer(), { steps: 1, chunkLoss: () => ({ loss: tf.scalar(1), state: {} }), carried: {} as train.CarriedState })),
      row('resetBefore', 'resetBefore not a function', () => train.truncatedBptt(trainer(), { steps: 1, chunkLoss: () => ({ loss: tf.scalar(1), state: {} }), resetBefore: 3 as never })),
    ],
    CarriedState: [
      ...objectRows('next', (v) => new train.CarriedState().stage(v as Record<string, tf.Tensor>)),
      row('next.h', 'a 2-D state', () => new train.CarriedState().stage({ h: t([2, 3]) })),
      row('next.h', 'a disposed state', () => new train.CarriedState().stage({ h: disposed([1, 2, 3]) })),
      row('state', 'set to a number', () => new train.CarriedState().set(3 as never)),
      row('state.h', 'set to a 2-D state', () => new train.CarriedState().set({ h: t([2, 3]) })),
    ],
    CheckpointableRandom: [
      ...[-1, 1.5, 2 ** 32, 'a', null].map((v) => row('seed', `seed ${String(v)}`, () => new train.CheckpointableRandom(v as number))),
      ...[0, -1, 1.5].map((v) => row('n', `int(${v})`, () => new train.CheckpointableRandom(0).int(v))),
      ...[-1, 2 ** 32, Number.NaN].map((v) => row('state', `state set to ${v}`, () => { new train.CheckpointableRandom(0).state = v; })),
    ],
    EarlyStopping: [
      ...optionRows((o) => new train.EarlyStopping(o as train.EarlyStoppingOptions), {}, { mode: choice, patience: integer(1), minDelta: number(-1) }),
      ...[Number.NaN, Infinity, 'low'].map((v) => row('metric', `update(${String(v)})`, () => new train.EarlyStopping().update(v as number, 1))),
      ...[-1, 1.5].map((v) => row('step', `update at step ${v}`, () => new train.EarlyStopping().update(1, v))),
      row('waited', 'state with negative waiting', () => { new train.EarlyStopping().state = { best: 1, bestStep: 1, waited: -1 }; }),
      row('best', 'state with a NaN best', () => { new train.EarlyStopping().state = { best: Number.NaN, bestStep: 1, waited: 0 }; }),
      row('state', 'state of the wrong type', () => { new train.EarlyStopping().state = 3 as never; }),
    ],
    clipByGlobalNorm: [
      ...objectRows('grads', (v) => train.clipByGlobalNorm(v as Record<string, tf.Tensor>, 1)),
      row('grads.w', 'a disposed gradient', () => train.clipByGlobalNorm({ w: disposed() }, 1)),
      ...[-1, Number.NaN, '1'].map((v) => row('maxNorm', `maxNorm ${String(v)}`, () => train.clipByGlobalNorm(grads(), v as number))),
    ],
    clipByValue: [
      ...objectRows('grads', (v) => train.clipByValue(v as Record<string, tf.Tensor>, 1)),
      row('grads.w', 'int32 gradients', () => train.clipByValue({ w: t([2], 'int32') }, 1)),
      ...[-1, Number.NaN, Infinity, '1'].map((v) => row('clipValue', `clipValue ${String(v)}`, () => train.clipByValue(grads(), v as number))),
    ],
    cosineDecay: [
      ...optionRows((o) => train.cosineDecay(o as train.CosineDecayOptions), { learningRate: 1, totalSteps: 10 }, { learningRate: number(-1), totalSteps: integer(1), minimum: number(-1, 2) }, { required: true }),
      ...[-1, Number.NaN].map((v) => row('step', `the schedule at step ${v}`, () => train.cosineDecay({ learningRate: 1, totalSteps: 10 })(v))),
    ],
    stepDecay: [
      ...optionRows((o) => train.stepDecay(o as train.StepDecayOptions), { learningRate: 1, stepSize: 10 }, { learningRate: number(-1), stepSize: integer(1), gamma: number(-1) }, { required: true }),
      ...[-1, Number.NaN].map((v) => row('step', `the schedule at step ${v}`, () => train.stepDecay({ learningRate: 1, stepSize: 10 })(v))),
    ],
    linearWarmup: [
      ...functionRows('schedule', (v) => train.linearWarmup(v as train.LearningRateSchedule, 2)),
      ...[-1, 1.5, '2'].map((v) => row('warmupSteps', `warmupSteps ${String(v)}`, () => train.linearWarmup(() => 1, v as number))),
      ...[-1, Number.NaN].map((v) => row('step', `the schedule at step ${v}`, () => train.linearWarmup(() => 1, 2)(v))),
    ],
  }),
};

/** A well-formed module URL that no row ever loads. */
const NO_REPLICA = new URL('file:///nonexistent/replica.js');

export const trainNodeTable: PackageTable = {
  module: '@rnnkit/train/node',
  exports: trainNode,
  rows: () => ({
    // Every row fails before a replica module is loaded or a worker started.
    DataParallel: [
      ...[undefined, null, 3, 'x'].map((v) => row('options', `options = ${String(v)}`, () => trainNode.DataParallel.start(v as never))),
      row('options.modul', 'a misspelt option', () => trainNode.DataParallel.start({ modul: NO_REPLICA } as never)),
      ...[undefined, 'replica.js', '', 7, new URL('https://example.com/replica.js')].map((v) => row('module', `module = ${String(v)}`, () => trainNode.DataParallel.start({ module: v as never }))),
      ...[0, 2.5, -1, 2000, 'two'].map((v) => row('threads', `threads = ${String(v)}`, () => trainNode.DataParallel.start({ module: NO_REPLICA, threads: v as never }))),
      ...[3, null, [1]].map((v) => row('batchAxes', `batchAxes = ${JSON.stringify(v)}`, () => trainNode.DataParallel.start({ module: NO_REPLICA, threads: 2, batchAxes: v as never }))),
    ],
    saveCheckpoint: [
      ...[undefined, '', 3].map((v) => row('path', `path ${String(v)}`, () => trainNode.saveCheckpoint(v as string, trainer()))),
      row('path', 'a missing directory', () => trainNode.saveCheckpoint(path.join(scratch(), 'missing', 'ckpt'), trainer())),
      row('path', 'a directory where the JSON goes', () => {
        const dir = scratch();
        fs.mkdirSync(path.join(dir, 'ckpt.json'));
        return trainNode.saveCheckpoint(path.join(dir, 'ckpt'), trainer());
      }),
      row('trainer', 'no trainer', () => trainNode.saveCheckpoint(path.join(scratch(), 'ckpt'), undefined as unknown as train.Trainer)),
      row('extras.json', 'JSON that cannot be serialised', () => trainNode.saveCheckpoint(path.join(scratch(), 'ckpt'), trainer(), { json: { n: BigInt(1) } })),
    ],
    loadCheckpoint: [
      ...[undefined, '', 3].map((v) => row('path', `path ${String(v)}`, () => trainNode.loadCheckpoint(v as string, trainer()))),
      row('path', 'a missing checkpoint', () => trainNode.loadCheckpoint(path.join(scratch(), 'none'), trainer())),
      row('path', 'a JSON file without its tensors', () => {
        const dir = scratch();
        fs.writeFileSync(path.join(dir, 'c.json'), '{}');
        return trainNode.loadCheckpoint(path.join(dir, 'c'), trainer());
      }),
      row('trainer', 'no trainer', () => trainNode.loadCheckpoint(path.join(scratch(), 'c'), {} as train.Trainer)),
      row('extras.carried', 'carried not a CarriedState', () => trainNode.loadCheckpoint(path.join(scratch(), 'c'), trainer(), { carried: 3 as never })),
    ],
  }),
};

/** A well-formed replica module URL for the browser's DataParallel, which no row ever loads. */
const NO_WEB_REPLICA = new URL('https://example.invalid/replica.js');

export const trainWebTable: PackageTable = {
  module: '@rnnkit/train/web',
  exports: trainWeb,
  rows: () => ({
    // Every row fails before a replica module is imported or a Web Worker started (Node has neither).
    DataParallel: [
      ...[undefined, null, 3, 'x'].map((v) => row('options', `options = ${String(v)}`, () => trainWeb.DataParallel.start(v as never))),
      row('options.modul', 'a misspelt option', () => trainWeb.DataParallel.start({ modul: NO_WEB_REPLICA } as never)),
      ...[undefined, '', 7, {}].map((v) => row('module', `module = ${JSON.stringify(v)}`, () => trainWeb.DataParallel.start({ module: v as never }))),
      ...['', 7, {}].map((v) => row('worker', `worker = ${JSON.stringify(v)}`, () => trainWeb.DataParallel.start({ module: NO_WEB_REPLICA, worker: v as never }))),
      ...[0, 2.5, -1, 2000, 'two'].map((v) => row('threads', `threads = ${String(v)}`, () => trainWeb.DataParallel.start({ module: NO_WEB_REPLICA, threads: v as never }))),
      row('threads', 'threads = 2 where the context is not cross-origin isolated', () => trainWeb.DataParallel.start({ module: NO_WEB_REPLICA, threads: 2 })),
      ...[3, null, [1]].map((v) => row('batchAxes', `batchAxes = ${JSON.stringify(v)}`, () => trainWeb.DataParallel.start({ module: NO_WEB_REPLICA, threads: 1, batchAxes: v as never }))),
    ],
  }),
};

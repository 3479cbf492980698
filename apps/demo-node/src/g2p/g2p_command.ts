// `pnpm demo g2p`: trains a grapheme-to-phoneme model on CMUdict and compares it with published
// results, or pronounces words with saved weights.
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@rnnkit/core';
import type { G2pModel, PronounceOptions } from '@rnnkit/models';
import { AttentionG2pModel, CtcG2pEnsemble, CtcG2pModel, g2pModelFromBytes, normalizeWord, phonemeNgramModel, toIpa } from '@rnnkit/models';
import { metricsTable } from '../metrics_table.js';
import { userPath } from '../user_path.js';
import type { Lexicon } from './cmudict_lexicon.js';
import { cmudictLexicon } from './cmudict_lexicon.js';
import { evaluateG2p } from './evaluate_g2p.js';
import type { G2pOptions } from './g2p_options.js';
import { DEFAULT_LM_BONUS, DEFAULT_LM_WEIGHT, G2P_USAGE, parseG2pOptions } from './g2p_options.js';
import { PUBLISHED_G2P_RESULTS } from './published_g2p_results.js';
import { trainG2p } from './train_g2p.js';
import type { LanguageModelSetting } from './tune_language_model.js';
import { tuneLanguageModel } from './tune_language_model.js';
import { startBackend } from '../start_backend.js';

const HARD_WORDS = ['COLONEL', 'WORCESTERSHIRE', 'QUAY', 'YACHT', 'CHOIR', 'PSYCHOLOGY', 'THROUGH', 'ISLAND'];

/** `call()`, with an InputError from @rnnkit/models told under the command's flag (`label: what is wrong`). */
function asFlag<T>(label: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof InputError) throw new Error(`${label}: ${e.message.slice(e.fn.length + 2)}`, { cause: e });
    throw e;
  }
}

/** The model in the weights file at `path`, of `kind` where one is asked for; `flag` names the option in errors. */
function loadModel(flag: string, path: string, kind: G2pModel['config']['model'] | undefined): G2pModel {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(path));
  } catch (e) {
    throw new Error(`g2p ${flag}: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return asFlag(`g2p ${flag}`, () => g2pModelFromBytes(bytes, kind === undefined ? {} : { model: kind }));
}

/** --load's model, and with --ensemble the CTC ensemble of it and the others (which pronounces in its place). */
function loadModels(options: G2pOptions): { model: G2pModel; ensemble?: CtcG2pEnsemble } | undefined {
  if (options.load === undefined) return undefined;
  const model = loadModel('--load', userPath(options.load), options.modelGiven || options.ensemble.length > 0 ? options.model : undefined);
  if (options.ensemble.length === 0) return { model };
  const others = options.ensemble.map((p) => loadModel('--ensemble', userPath(p), 'ctc'));
  // Every file was loaded as a ctc model (--model attention with --ensemble is refused by the options).
  return { model, ensemble: new CtcG2pEnsemble([model, ...others] as CtcG2pModel[]) };
}

/** The --beam given, else 4 for the attention model, 8 for CTC with a language model and 1 (greedy) without. */
function beamOf(options: G2pOptions, model: G2pModel['config']['model']): number {
  return options.beam ?? (model === 'attention' ? 4 : options.lmOrder > 0 ? 8 : 1);
}

/** The phoneme n-gram model of --lm-order, counted on the training words' pronunciations. */
function phonemeLanguageModel(options: G2pOptions, model: G2pModel, lexicon: Lexicon): ReturnType<typeof phonemeNgramModel> {
  if (model.config.model !== 'ctc') throw new Error("g2p --lm-order: the weights are of an attention model, whose decoder already conditions on its phonemes; the language model steers CTC's beam search");
  return phonemeNgramModel(lexicon.train.flatMap((w) => w.pronunciations), { order: options.lmOrder });
}

function say(model: Pick<G2pModel, 'pronounce'>, words: readonly string[], decoding: PronounceOptions): void {
  const said = model.pronounce(words, decoding);
  const width = Math.max(...words.map((w) => w.length));
  words.forEach((w, n) => {
    const phonemes = said[n]?.phonemes ?? [];
    console.log(`${w.toLowerCase().padEnd(width)}  ${phonemes.join(' ').padEnd(30)}  /${toIpa(phonemes)}/`);
  });
}

/** Runs `pnpm demo g2p ARGS` (the arguments after `g2p`). */
export async function runG2p(argv: readonly string[]): Promise<void> {
  const options = parseG2pOptions(argv);
  if (options.help) {
    console.log(G2P_USAGE);
    return;
  }
  // Bad words fail before anything is loaded or trained.
  const words = options.say.map((w) => asFlag('g2p --say', () => normalizeWord(w)));
  if (words.length > 0 && options.load === undefined) throw new Error('g2p --say needs --load PATH (weights written by --save)');
  await startBackend(options.backend);
  const loaded = loadModels(options);
  const model = loaded?.model;
  const ensemble = loaded?.ensemble;
  const fixedLm = { weight: options.lmWeight ?? DEFAULT_LM_WEIGHT, bonus: options.lmBonus ?? DEFAULT_LM_BONUS };
  if (model !== undefined && words.length > 0) {
    const lm = options.lmOrder > 0 ? phonemeLanguageModel(options, model, cmudictLexicon()) : undefined;
    say(ensemble ?? model, words, { beam: beamOf(options, model.config.model), ...(lm === undefined ? {} : { languageModel: lm, lmWeight: fixedLm.weight, insertionBonus: fixedLm.bonus }) });
    (ensemble ?? model).dispose();
    return;
  }
  const lexicon = cmudictLexicon();
  const sizes = { hiddenSize: options.hidden, numLayers: options.layers, dropout: options.dropout, seed: options.seed };
  const g2p = model ?? (options.model === 'ctc' ? new CtcG2pModel(sizes) : new AttentionG2pModel({ ...sizes, embeddingSize: 64 }));
  const { config } = g2p;
  const lm = options.lmOrder > 0 ? phonemeLanguageModel(options, g2p, lexicon) : undefined;
  const beam = beamOf(options, config.model);
  // What pronounces at test time: the trained or loaded network, or the ensemble it heads.
  const speaker = ensemble ?? g2p;
  const log = options.json ? (): void => undefined : (line: string): void => console.log(line);
  log(`g2p: ${config.model === 'ctc' ? `CTC, ${config.numLayers} bidirectional LSTM layers of ${config.hiddenSize} per direction, 2 frames per letter` : `attention, encoder ${config.numLayers} bidirectional LSTM layers of ${config.hiddenSize} per direction, LSTM decoder of ${2 * config.hiddenSize}, beam ${beam}`}; backend ${tf.getBackend()}`);
  log(`CMUdict: ${lexicon.entries} entries (${lexicon.dropped} with digits or punctuation left out); words train ${lexicon.train.length}, dev ${lexicon.dev.length}, test ${lexicon.test.length}`);
  // Evenly spaced over the alphabetical dev list, so the checked words are not all A-words.
  const stride = Math.max(1, Math.floor(lexicon.dev.length / options.devWords));
  const dev = lexicon.dev.filter((_w, i) => i % stride === 0).slice(0, options.devWords);
  // Dev checks while training decode without the language model: they choose the network's weights alone.
  const trained = trainG2p(g2p, lexicon.train, {
    minutes: options.minutes,
    batch: options.batch,
    learningRate: options.learningRate,
    seed: options.seed,
    beam: lm === undefined ? beam : 1,
    dev,
    devEvery: options.devEvery,
    bar: !options.json,
    ...(options.save === undefined ? {} : { save: userPath(options.save) }),
  });
  let setting: LanguageModelSetting | undefined;
  if (lm !== undefined) {
    setting = options.lmTune ? tuneLanguageModel(speaker, lm, dev, beam, { ...(options.lmWeight === undefined ? {} : { weight: options.lmWeight }), ...(options.lmBonus === undefined ? {} : { bonus: options.lmBonus }) }) : fixedLm;
    log(`phoneme ${options.lmOrder}-gram model of ${lexicon.train.length} training words; weight ${setting.weight}, bonus ${setting.bonus} per phoneme${options.lmTune ? ` (chosen on ${dev.length} dev words)` : ''}`);
  }
  const decoding: PronounceOptions = lm === undefined || setting === undefined ? { beam } : { beam, languageModel: lm, lmWeight: setting.weight, insertionBonus: setting.bonus };
  // With a language model, the networks alone are scored too (greedy), to show what the model adds.
  const alone = lm === undefined ? undefined : evaluateG2p(speaker, lexicon.test, { beam: 1 });
  const evalStarted = performance.now();
  const test = evaluateG2p(speaker, lexicon.test, decoding);
  const evalSeconds = (performance.now() - evalStarted) / 1000;
  const minutes = trained.seconds / 60;
  if (options.json) {
    const lmFields = alone === undefined || setting === undefined ? {} : { lm: { order: options.lmOrder, weight: setting.weight, bonus: setting.bonus, beam }, test_per_without_lm: alone.per, test_wer_without_lm: alone.wer };
    console.log(JSON.stringify({ test_per: test.per, test_wer: test.wer, test_words: test.words, minutes, model: config.model, ...(ensemble === undefined ? {} : { ensemble: ensemble.members.length }), steps: trained.steps, ...lmFields, curve: trained.curve }));
    speaker.dispose();
    return;
  }
  if (options.save !== undefined) log(`best dev weights written to ${userPath(options.save)} (curve: ${userPath(options.save)}.curve.tsv)`);
  const pct = (x: number | null): string => (x === null ? '-' : `${x.toFixed(2)}%`);
  log(`\n${metricsTable(`g2p ${config.model}${ensemble === undefined ? '' : ` ensemble of ${ensemble.members.length}`}: test, ${test.words} CMUdict words`, [
    ['training', `${trained.steps} steps, ${minutes.toFixed(1)} min${trained.skipped > 0 ? ` (${trained.skipped} pairs too long for CTC left out)` : ''}`],
    ['test decoding', `${evalSeconds.toFixed(1)} s, beam ${beam}${setting === undefined ? '' : `, phoneme ${options.lmOrder}-gram model (weight ${setting.weight}, bonus ${setting.bonus})`}`],
    ...(alone === undefined ? [] : [[`ours, the network${ensemble === undefined ? '' : 's'} alone (greedy): PER / WER`, `${pct(100 * alone.per)} / ${pct(100 * alone.wer)}`] as [string, string]]),
    [alone === undefined ? 'ours: PER / WER' : 'ours, with the phoneme model: PER / WER', `${pct(100 * test.per)} / ${pct(100 * test.wer)}`],
    ...PUBLISHED_G2P_RESULTS.map((r): [string, string] => [r.system, `${pct(r.per)} / ${pct(r.wer)}`]),
  ])}`);
  log('\nhard words (predicted -> CMUdict):');
  const hard = HARD_WORDS.map((w) => [...lexicon.train, ...lexicon.dev, ...lexicon.test].find((x) => x.word === w)).filter((x) => x !== undefined);
  const said = speaker.pronounce(hard.map((h) => h.word), decoding);
  hard.forEach((h, n) => {
    const p = said[n]?.phonemes ?? [];
    const right = h.pronunciations.some((r) => r.join(' ') === p.join(' '));
    log(`  ${h.word.toLowerCase().padEnd(15)} ${p.join(' ').padEnd(28)} ${right ? 'ok' : '->'} ${h.pronunciations.map((r) => r.join(' ')).join(' | ')}`);
  });
  speaker.dispose();
}

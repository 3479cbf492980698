// Command-line parsing of every subcommand, checked with clear one-line messages.
import type { FlagSpec } from '@rnnkit/cli';
import { nonNegativeInt, oneOf, parseCommandLine, positiveInt, positiveNumber, stringFlag } from '@rnnkit/cli';

export const COMMANDS = ['char-lm', 'import', 'ctc', 'tree', 'seq2seq'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Flags every subcommand takes. */
export interface CommonOptions {
  help: boolean;
  /** @default 'wasm' */
  backend: 'wasm' | 'cpu';
  /** @default 0 */
  seed: number;
  /** Training steps (the total, when continuing a loaded checkpoint). */
  steps: number;
  /** Write a checkpoint here (PATH.safetensors + PATH.json) after training. @default none */
  save?: string;
  /** Start from this checkpoint (written by --save). @default none */
  load?: string;
}

export interface CharLmOptions extends CommonOptions {
  /** @default 'lstm' */
  cell: 'lstm' | 'gru';
  /** @default 128 */
  hidden: number;
  /** @default 32 */
  batch: number;
  /** @default 64 */
  chunk: number;
  /** @default 0.005 */
  learningRate: number;
  /** @default 0.7 */
  temperature: number;
  /** @default 300 */
  sampleLength: number;
  /** @default 'And God said' */
  prompt: string;
  /** Write the weights with PyTorch's names and shapes here. @default none */
  export?: string;
}

export interface ImportOptions extends CommonOptions {
  file: string;
  /** Run the recognised model on an example input. @default false */
  run: boolean;
}

export interface TaskOptions extends CommonOptions {
  /** @default per task */
  hidden: number;
  /** @default per task */
  learningRate: number;
  /** Beam width of the decoders that have one. @default 8 */
  beam: number;
}

export type ParsedCommand =
  | { command: 'char-lm'; options: CharLmOptions }
  | { command: 'import'; options: ImportOptions }
  | { command: 'ctc' | 'tree' | 'seq2seq'; options: TaskOptions };

export const USAGE = `usage: pnpm demo [COMMAND] [options]

Commands (each trains on data shipped in the repo or generated, shows progress and ends with a
table of what it reached):
  char-lm          (default) character-level LSTM/GRU language model on the Book of Genesis
                   (KJV) with truncated BPTT, then a sample at a temperature
  ctc              bidirectional LSTM + CTC reading noisy digit strings; greedy and beam decoding
  tree             Child-Sum Tree-LSTM sentiment on a generated treebank with negation
  seq2seq          encoder-decoder with attention that learns to reverse strings
  g2p              pronounce English words: CTC or attention models trained on CMUdict, against
                   published results (options: pnpm demo g2p --help)
  import FILE      list a PyTorch .safetensors file's tensors and the modules recognised in it;
                   with --run, rebuild the recognised model and run it on an example input

Options of every command (as --flag value or --flag=value):
  --backend NAME        wasm (default) or cpu
  --seed N              seed for data, initialisation and sampling (default 0)
  --steps N             training steps, in all when continuing from --load (defaults below)
  --save PATH           write a checkpoint to PATH.safetensors + PATH.json after training
  --load PATH           continue from a checkpoint written by --save (same command)
  --help                this text

char-lm:
  --cell NAME           lstm (default) or gru
  --hidden N            hidden units (default 128)
  --steps N             (default 600)
  --batch N             parallel text streams (default 32)
  --chunk N             characters per truncated-BPTT chunk (default 64)
  --lr X                Adam learning rate (default 0.005)
  --temperature X       sampling temperature (default 0.7)
  --sample-length N     characters to generate (default 300)
  --prompt TEXT         text the sample starts from (default "And God said")
  --export FILE         also write the weights with PyTorch's names and shapes (safetensors)

ctc, tree, seq2seq:
  --hidden N            hidden units (defaults: ctc 24, tree 24, seq2seq 64)
  --steps N             (defaults: ctc 500, tree 300, seq2seq 500)
  --lr X                Adam learning rate (defaults: ctc 0.02, tree 0.02, seq2seq 0.01)
  --beam N              beam width for beam-search decoding (default 8)

import FILE:
  --run                 run the recognised model on an example input

A malformed or hostile FILE, or any bad flag, exits with status 1 and a one-line error.`;

const TASK_DEFAULTS: Readonly<Record<'ctc' | 'tree' | 'seq2seq', { hidden: number; steps: number; learningRate: number }>> = {
  ctc: { hidden: 24, steps: 500, learningRate: 0.02 },
  tree: { hidden: 24, steps: 300, learningRate: 0.02 },
  seq2seq: { hidden: 64, steps: 500, learningRate: 0.01 },
};

/**
 * Every flag of the demo and the commands that take it (none listed: every command). A new
 * option is one line here, its conversion in `parseOptions` and its line in USAGE.
 */
const FLAGS = {
  backend: { type: 'string' },
  seed: { type: 'string' },
  steps: { type: 'string' },
  save: { type: 'string' },
  load: { type: 'string' },
  cell: { type: 'string', commands: ['char-lm'] },
  hidden: { type: 'string', commands: ['char-lm', 'ctc', 'tree', 'seq2seq'] },
  batch: { type: 'string', commands: ['char-lm'] },
  chunk: { type: 'string', commands: ['char-lm'] },
  lr: { type: 'string', commands: ['char-lm', 'ctc', 'tree', 'seq2seq'] },
  temperature: { type: 'string', commands: ['char-lm'] },
  'sample-length': { type: 'string', commands: ['char-lm'] },
  prompt: { type: 'string', commands: ['char-lm'] },
  export: { type: 'string', commands: ['char-lm'] },
  beam: { type: 'string', commands: ['ctc', 'seq2seq'] },
  run: { type: 'boolean', commands: ['import'] },
} as const satisfies Record<string, FlagSpec>;

/** Parses argv (without node and script) into a command and its options; throws on a bad flag. */
export function parseOptions(argv: readonly string[]): ParsedCommand {
  const first = argv[0];
  const named = first !== undefined && !first.startsWith('-');
  if (named && !(COMMANDS as readonly string[]).includes(first)) {
    throw new Error(`unknown command ${JSON.stringify(first)}; commands are ${COMMANDS.join(', ')} (see --help)`);
  }
  const command = (named ? first : 'char-lm') as CommandName;
  const { values, positionals } = parseCommandLine(named ? argv.slice(1) : argv, FLAGS, command);
  const flag = (name: keyof typeof FLAGS): string | undefined => stringFlag(values, name);
  const convert = <T>(name: keyof typeof FLAGS, check: (flagName: string, value: string) => T, fallback: T): T => {
    const value = flag(name);
    return value === undefined ? fallback : check(`--${name}`, value);
  };
  const task = command === 'ctc' || command === 'tree' || command === 'seq2seq' ? TASK_DEFAULTS[command] : undefined;
  const common: CommonOptions = {
    help: values['help'] === true,
    backend: convert('backend', (name, value) => oneOf(name, value, ['wasm', 'cpu'] as const), 'wasm'),
    seed: convert('seed', nonNegativeInt, 0),
    steps: convert('steps', positiveInt, task?.steps ?? 600),
    ...(flag('save') === undefined ? {} : { save: flag('save') }),
    ...(flag('load') === undefined ? {} : { load: flag('load') }),
  };
  const hidden = convert('hidden', positiveInt, task?.hidden ?? 128);
  const learningRate = convert('lr', positiveNumber, task?.learningRate ?? 0.005);
  if (command === 'import') {
    const [file, ...extra] = positionals;
    if (file === undefined && !common.help) throw new Error('import needs a FILE: pnpm demo import FILE [--run]');
    if (extra.length > 0) throw new Error(`import takes one FILE, got also ${extra.join(' ')}`);
    return { command, options: { ...common, file: file ?? '', run: values['run'] === true } };
  }
  if (positionals.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positionals[0])} (see --help)`);
  if (command === 'char-lm') {
    const exportFile = flag('export');
    return {
      command,
      options: {
        ...common,
        cell: convert('cell', (name, value) => oneOf(name, value, ['lstm', 'gru'] as const), 'lstm'),
        hidden,
        batch: convert('batch', positiveInt, 32),
        chunk: convert('chunk', positiveInt, 64),
        learningRate,
        temperature: convert('temperature', positiveNumber, 0.7),
        sampleLength: convert('sample-length', positiveInt, 300),
        prompt: flag('prompt') ?? 'And God said',
        ...(exportFile === undefined ? {} : { export: exportFile }),
      },
    };
  }
  return { command, options: { ...common, hidden, learningRate, beam: convert('beam', positiveInt, 8) } };
}

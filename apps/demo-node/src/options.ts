// Command-line parsing of every subcommand, checked with clear one-line messages.

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

Options of every command:
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

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function nonNegativeInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32) throw new Error(`${flag} must be an integer in [0, 2^32), got ${JSON.stringify(value)}`);
  return n;
}

function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number, got ${JSON.stringify(value)}`);
  return n;
}

const TASK_DEFAULTS: Readonly<Record<'ctc' | 'tree' | 'seq2seq', { hidden: number; steps: number; learningRate: number }>> = {
  ctc: { hidden: 24, steps: 500, learningRate: 0.02 },
  tree: { hidden: 24, steps: 300, learningRate: 0.02 },
  seq2seq: { hidden: 64, steps: 500, learningRate: 0.01 },
};

/** Parses argv (without node and script) into a command and its options; throws on a bad flag. */
export function parseOptions(argv: readonly string[]): ParsedCommand {
  const first = argv[0];
  const named = first !== undefined && !first.startsWith('-');
  if (named && !(COMMANDS as readonly string[]).includes(first)) {
    throw new Error(`unknown command ${JSON.stringify(first)}; commands are ${COMMANDS.join(', ')} (see --help)`);
  }
  const command = (named ? first : 'char-lm') as CommandName;
  const rest = named ? argv.slice(1) : argv;
  const task = command === 'ctc' || command === 'tree' || command === 'seq2seq' ? TASK_DEFAULTS[command] : undefined;
  const common: CommonOptions = { help: false, backend: 'wasm', seed: 0, steps: task?.steps ?? 600 };
  const charLm = { cell: 'lstm' as 'lstm' | 'gru', hidden: task?.hidden ?? 128, batch: 32, chunk: 64, learningRate: task?.learningRate ?? 0.005, temperature: 0.7, sampleLength: 300, prompt: 'And God said', exportFile: undefined as string | undefined };
  let beam = 8;
  let run = false;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i] as string;
    if (flag === '--help' || flag === '-h') {
      common.help = true;
      continue;
    }
    if (flag === '--run' && command === 'import') {
      run = true;
      continue;
    }
    if (!flag.startsWith('-')) {
      positional.push(flag);
      continue;
    }
    const value = rest[i + 1];
    const only = (commands: readonly CommandName[]): void => {
      if (!commands.includes(command)) throw new Error(`${flag} is not an option of ${command} (see --help)`);
    };
    if (value === undefined) throw new Error(`${flag} needs a value (see --help)`);
    i++;
    switch (flag) {
      case '--backend':
        if (value !== 'wasm' && value !== 'cpu') throw new Error(`--backend must be wasm or cpu, got ${JSON.stringify(value)}`);
        common.backend = value;
        break;
      case '--seed':
        common.seed = nonNegativeInt(flag, value);
        break;
      case '--steps':
        common.steps = positiveInt(flag, value);
        break;
      case '--save':
        common.save = value;
        break;
      case '--load':
        common.load = value;
        break;
      case '--cell':
        only(['char-lm']);
        if (value !== 'lstm' && value !== 'gru') throw new Error(`--cell must be lstm or gru, got ${JSON.stringify(value)}`);
        charLm.cell = value;
        break;
      case '--hidden':
        only(['char-lm', 'ctc', 'tree', 'seq2seq']);
        charLm.hidden = positiveInt(flag, value);
        break;
      case '--batch':
        only(['char-lm']);
        charLm.batch = positiveInt(flag, value);
        break;
      case '--chunk':
        only(['char-lm']);
        charLm.chunk = positiveInt(flag, value);
        break;
      case '--lr':
        only(['char-lm', 'ctc', 'tree', 'seq2seq']);
        charLm.learningRate = positiveNumber(flag, value);
        break;
      case '--temperature':
        only(['char-lm']);
        charLm.temperature = positiveNumber(flag, value);
        break;
      case '--sample-length':
        only(['char-lm']);
        charLm.sampleLength = positiveInt(flag, value);
        break;
      case '--prompt':
        only(['char-lm']);
        charLm.prompt = value;
        break;
      case '--export':
        only(['char-lm']);
        charLm.exportFile = value;
        break;
      case '--beam':
        only(['ctc', 'seq2seq']);
        beam = positiveInt(flag, value);
        break;
      default:
        throw new Error(`unknown option ${flag} (see --help)`);
    }
  }
  if (command === 'import') {
    const [file, ...extra] = positional;
    if (file === undefined && !common.help) throw new Error('import needs a FILE: pnpm demo import FILE [--run]');
    if (extra.length > 0) throw new Error(`import takes one FILE, got also ${extra.join(' ')}`);
    return { command, options: { ...common, file: file ?? '', run } };
  }
  if (positional.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positional[0])} (see --help)`);
  if (command === 'char-lm') {
    const { exportFile, ...rest2 } = charLm;
    return { command, options: { ...common, ...rest2, ...(exportFile === undefined ? {} : { export: exportFile }) } };
  }
  return { command, options: { ...common, hidden: charLm.hidden, learningRate: charLm.learningRate, beam } };
}

// Command-line options of the demo, checked with clear messages.

export interface DemoOptions {
  help: boolean;
  backend: string;
  cell: 'lstm' | 'gru';
  hidden: number;
  steps: number;
  batch: number;
  chunk: number;
  learningRate: number;
  seed: number;
  temperature: number;
  sampleLength: number;
  prompt: string;
}

export const USAGE = `usage: pnpm demo [options]

Trains a character-level language model on the Book of Genesis (KJV, public domain) with
truncated backpropagation through time, then prints a generated sample.

  --backend NAME        wasm (default) or cpu
  --cell NAME           lstm (default) or gru
  --hidden N            hidden units (default 128)
  --steps N             training steps (default 400)
  --batch N             parallel text streams (default 32)
  --chunk N             characters per truncated-BPTT chunk (default 64)
  --lr X                Adam learning rate (default 0.005)
  --seed N              seed for initialisation and sampling (default 0)
  --temperature X       sampling temperature (default 0.7)
  --sample-length N     characters to generate (default 300)
  --prompt TEXT         text the sample starts from (default "And God said")
  --help                this text`;

const DEFAULTS: DemoOptions = {
  help: false,
  backend: 'wasm',
  cell: 'lstm',
  hidden: 128,
  steps: 400,
  batch: 32,
  chunk: 64,
  learningRate: 0.005,
  seed: 0,
  temperature: 0.7,
  sampleLength: 300,
  prompt: 'And God said',
};

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number, got ${JSON.stringify(value)}`);
  return n;
}

/** Parses argv (without node and script) into options; throws with the usage on a bad flag. */
export function parseOptions(argv: readonly string[]): DemoOptions {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    if (flag === '--help' || flag === '-h') {
      options.help = true;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value\n\n${USAGE}`);
    i++;
    switch (flag) {
      case '--backend':
        if (value !== 'wasm' && value !== 'cpu') throw new Error(`--backend must be wasm or cpu, got ${JSON.stringify(value)}`);
        options.backend = value;
        break;
      case '--cell':
        if (value !== 'lstm' && value !== 'gru') throw new Error(`--cell must be lstm or gru, got ${JSON.stringify(value)}`);
        options.cell = value;
        break;
      case '--hidden':
        options.hidden = positiveInt(flag, value);
        break;
      case '--steps':
        options.steps = positiveInt(flag, value);
        break;
      case '--batch':
        options.batch = positiveInt(flag, value);
        break;
      case '--chunk':
        options.chunk = positiveInt(flag, value);
        break;
      case '--lr':
        options.learningRate = positiveNumber(flag, value);
        break;
      case '--seed':
        options.seed = positiveInt(flag, String(Number(value) + 1)) - 1;
        break;
      case '--temperature':
        options.temperature = positiveNumber(flag, value);
        break;
      case '--sample-length':
        options.sampleLength = positiveInt(flag, value);
        break;
      case '--prompt':
        options.prompt = value;
        break;
      default:
        throw new Error(`unknown option ${flag}\n\n${USAGE}`);
    }
  }
  return options;
}

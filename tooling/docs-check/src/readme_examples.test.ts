// Every TypeScript and JavaScript block of the READMEs, run as the user would run it: ```ts and
// ```js blocks are complete programs, executed in one Node process in README order and
// type-checked with strict TypeScript; ```ts check blocks (browser code) are type-checked only.
// The PyTorch-checkpoint example is compared with the logits PyTorch computed for the same file.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, expect, test } from '@jest/globals';

const root = path.resolve(__dirname, '../../..');
const examples = path.resolve(__dirname, '../.examples');
const interop = path.join(root, '..', 'shared', 'fixtures', 'reference', 'interop');
const require = createRequire(__filename);
const tscPath = require.resolve('typescript/bin/tsc');
const tsxPath = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');

interface Block {
  name: string;
  language: 'ts' | 'js';
  run: boolean;
  code: string;
}

/** The fenced blocks of one README whose info string is `ts`, `js` or `ts check`. */
function blocksOf(readme: string): Block[] {
  const text = fs.readFileSync(readme, 'utf8');
  const label = path.relative(root, path.dirname(readme)).replace(/[^a-z0-9]+/gi, '_') || 'root';
  const blocks: Block[] = [];
  for (const match of text.matchAll(/^```(ts|js)( check)?\n([\s\S]*?)^```$/gm)) {
    const [, language, check, code] = match;
    if ((language !== 'ts' && language !== 'js') || code === undefined) continue;
    blocks.push({ name: `${label}_${blocks.length + 1}`, language, run: check === undefined, code });
  }
  return blocks;
}

function readmes(): string[] {
  const packages = fs.readdirSync(path.join(root, 'packages')).map((name) => path.join(root, 'packages', name, 'README.md'));
  return [path.join(root, 'README.md'), ...packages.filter((file) => fs.existsSync(file))];
}

function run(args: readonly string[]): string {
  try {
    return execFileSync(process.execPath, args, { cwd: examples, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const { stdout = '', stderr = '' } = e as { stdout?: string; stderr?: string };
    throw new Error(`${stdout}${stderr}`.slice(0, 6000), { cause: e });
  }
}

describe('README code', () => {
  test('every program in the READMEs runs and type-checks; the checkpoint example gives PyTorch its logits', () => {
    fs.rmSync(examples, { recursive: true, force: true });
    fs.mkdirSync(examples, { recursive: true });
    // The file the checkpoint example reads: a PyTorch TextClassifier's state_dict.
    fs.copyFileSync(path.join(interop, 'text_classifier_lstm.safetensors'), path.join(examples, 'text_classifier.safetensors'));
    const blocks = readmes().flatMap(blocksOf);
    expect(blocks.filter((b) => b.name.startsWith('root_')).length).toBeGreaterThanOrEqual(4);
    for (const block of blocks) {
      fs.writeFileSync(path.join(examples, `${block.name}.${block.language === 'ts' ? 'mts' : 'mjs'}`), block.code);
    }

    // Strict TypeScript over every TypeScript block, as an app with `module: nodenext` has it.
    const compilerOptions = { strict: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: ['node'], typeRoots: [path.join(__dirname, '..', 'node_modules', '@types')], noEmit: true, skipLibCheck: true };
    fs.writeFileSync(path.join(examples, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.mts'] }));
    fs.writeFileSync(path.join(examples, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    run([tscPath, '-p', 'tsconfig.json']);

    // One process runs the programs in order; a marker line attributes the output to its block.
    const runnable = blocks.filter((b) => b.run);
    const runner = runnable.map((b) => `console.log('@@ ${b.name}');\nawait import('./${b.name}.${b.language === 'ts' ? 'mts' : 'mjs'}');`).join('\n');
    fs.writeFileSync(path.join(examples, 'run_all.mts'), `${runner}\nprocess.exit(0);\n`);
    const output = run([tsxPath, 'run_all.mts']);
    const printed = new Map<string, string[]>();
    let current = '';
    for (const line of output.split('\n')) {
      if (line.startsWith('@@ ')) {
        current = line.slice(3);
        printed.set(current, []);
      } else if (line.trim() !== '') printed.get(current)?.push(line);
    }
    expect([...printed.keys()]).toEqual(runnable.map((b) => b.name));

    const tenLines = runnable.find((b) => b.code.includes('inputSize: 10, hiddenSize: 20, numLayers: 2'));
    expect(printed.get(tenLines?.name ?? '')).toEqual(['wasm [ 7, 3, 40 ] [ 4, 3, 20 ]']);

    const port = runnable.find((b) => b.code.includes('text_classifier.safetensors'));
    const logits = JSON.parse(printed.get(port?.name ?? '')?.at(-1) ?? 'null') as number[][];
    const fixture = JSON.parse(fs.readFileSync(path.join(interop, 'text_classifier_lstm.json'), 'utf8')) as { tensors: Record<string, { data: number[] }> };
    const reference = fixture.tensors['output.logits']?.data ?? [];
    expect(reference).toHaveLength(8);
    const worst = Math.max(...logits.flat().map((value, i) => Math.abs(value - (reference[i] ?? NaN)) / (1e-5 + 1e-4 * Math.abs(reference[i] ?? NaN))));
    expect(logits.flat()).toHaveLength(8);
    expect(worst).toBeLessThanOrEqual(1);
  }, 120_000);
});

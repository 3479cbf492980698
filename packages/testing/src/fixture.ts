// Reads reference fixtures: JSON files of named tensors computed by PyTorch in float64.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One tensor of a fixture, values in float64 (or int32) as stored. */
export interface FixtureTensor {
  readonly shape: number[];
  readonly dtype: 'float64' | 'int32';
  readonly data: Float64Array;
}

/** A whole fixture file. */
export interface Fixture {
  readonly name: string;
  readonly family: string;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly tensors: Readonly<Record<string, FixtureTensor>>;
  /** `family/name`, the way reports name a fixture. */
  readonly id: string;
  readonly file: string;
}

function parseValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (value === 'NaN') return NaN;
  throw new Error(`fixture value must be a number, "Infinity", "-Infinity" or "NaN", got ${JSON.stringify(value)}`);
}

function parseTensor(file: string, name: string, raw: unknown): FixtureTensor {
  const t = raw as { shape?: unknown; dtype?: unknown; data?: unknown };
  if (!Array.isArray(t.shape) || !Array.isArray(t.data) || (t.dtype !== 'float64' && t.dtype !== 'int32')) {
    throw new Error(`${file}: tensor ${name} must have shape, dtype (float64 or int32) and data`);
  }
  const shape = t.shape.map(Number);
  const size = shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== size) {
    throw new Error(`${file}: tensor ${name} has ${t.data.length} values for shape [${shape.join(', ')}]`);
  }
  return { shape, dtype: t.dtype, data: Float64Array.from(t.data, parseValue) };
}

/** Loads and checks one fixture file. */
export function loadFixture(file: string): Fixture {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const { name, family, spec, tensors } = raw;
  if (typeof name !== 'string' || typeof family !== 'string' || typeof tensors !== 'object' || tensors === null) {
    throw new Error(`${file}: a fixture needs name, family and tensors`);
  }
  const parsed: Record<string, FixtureTensor> = {};
  for (const [key, value] of Object.entries(tensors as Record<string, unknown>)) {
    parsed[key] = parseTensor(file, key, value);
  }
  return {
    name,
    family,
    spec: (typeof spec === 'object' && spec !== null ? spec : {}) as Record<string, unknown>,
    tensors: parsed,
    id: `${family}/${name}`,
    file,
  };
}

/** Every `*.json` fixture under the given files or folders, recursively, sorted. */
export function findFixtureFiles(paths: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (p: string): void => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else if (p.endsWith('.json')) {
      found.push(p);
    }
  };
  for (const p of paths) visit(p);
  return found.sort();
}

/**
 * The shared reference fixtures: `../shared/fixtures/reference` beside the project root (the
 * folder holding pnpm-workspace.yaml), or `RNNKIT_FIXTURES` when set.
 */
export function referenceFixturesDir(): string {
  const fromEnv = process.env['RNNKIT_FIXTURES'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  let dir = process.cwd();
  for (;;) {
    if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
      return path.resolve(dir, '..', 'shared', 'fixtures', 'reference');
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('referenceFixturesDir: no pnpm-workspace.yaml above the working directory');
    dir = parent;
  }
}

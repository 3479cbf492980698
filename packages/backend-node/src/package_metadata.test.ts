// package.json's `sideEffects` tells the truth: it names exactly the modules that import another
// package for its side effects (here, the backends and kernels they register). A bare import of
// one of this package's own modules needs no entry: that module's own entry keeps it.
import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** Modules with a bare import of another package, as package.json paths of the src and both dist builds. */
function modulesWithSideEffects(): string[] {
  return readdirSync(path.join(root, 'src'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .filter((f) => /^import '[^.'][^']*';$/m.test(readFileSync(path.join(root, 'src', f), 'utf8')))
    .flatMap((f) => [`./src/${f}`, `./dist/${f.replace(/\.ts$/, '.mjs')}`, `./dist/${f.replace(/\.ts$/, '.cjs')}`])
    .sort();
}

describe('@rnnkit/backend-node package metadata', () => {
  it('lists in sideEffects every module that imports for side effects, and no other', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { sideEffects?: unknown };
    expect(modulesWithSideEffects()).toEqual(['./dist/register_backends.cjs', './dist/register_backends.mjs', './src/register_backends.ts']);
    expect(Array.isArray(pkg.sideEffects) ? [...(pkg.sideEffects as string[])].sort() : pkg.sideEffects).toEqual(modulesWithSideEffects());
  });
});

// Shared jest configuration: TypeScript through swc, workspace packages resolved to their sources.
const path = require('node:path');

const packagesDir = path.resolve(__dirname, '../../packages');

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: {
    // The apps' private command-line package lives in tooling/, not packages/.
    '^@rnnkit/cli$': path.resolve(__dirname, '../cli/src/index.ts'),
    '^@rnnkit/([a-z-]+)$': `${packagesDir}/$1/src/index.ts`,
    '^@rnnkit/([a-z-]+)/([a-z_-]+)$': `${packagesDir}/$1/src/$2.ts`,
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  moduleFileExtensions: ['ts', 'js', 'cjs', 'json'],
};

// One jest run over every workspace project, so the totals cover the whole suite.
module.exports = {
  projects: ['<rootDir>/packages/*', '<rootDir>/apps/*', '<rootDir>/tooling/stranger', '<rootDir>/tooling/docs-check', '<rootDir>/tooling/cli'],
  reporters: ['default', '<rootDir>/tooling/jest/summary-reporter.cjs'],
};

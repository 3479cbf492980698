module.exports = { ...require('@rnnkit/jest-preset'), displayName: 'docs-check' };

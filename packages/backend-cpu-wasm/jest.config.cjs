module.exports = { ...require('@rnnkit/jest-preset'), displayName: 'typed-kernels' };

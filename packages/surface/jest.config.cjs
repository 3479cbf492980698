module.exports = { ...require('@rnnkit/jest-preset'), displayName: 'surface' };

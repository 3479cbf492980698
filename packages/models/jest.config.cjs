module.exports = { ...require('@rnnkit/jest-preset'), displayName: 'models' };

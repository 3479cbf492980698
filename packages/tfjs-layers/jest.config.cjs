module.exports = { ...require('@rnnkit/jest-preset'), displayName: 'tfjs-layers' };

module.exports = { ...require('@rnnkit/jest-preset'), displayName: 'demo-web' };

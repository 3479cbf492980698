module.exports = { ...require('@rnnkit/jest-preset'), displayName: 'backend-cpu-wasm' };

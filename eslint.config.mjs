// Lints every package and app with the shared config.
export { default } from '@rnnkit/eslint-config';

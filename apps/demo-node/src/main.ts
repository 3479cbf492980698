// `pnpm demo [COMMAND] [options]`: the toolkit's main job from the command line. Without a
// command it trains the character language model on Genesis (KJV) and prints what it learned.
import { runCharLm } from './char_lm_command.js';
import { runCtc } from './ctc_command.js';
import { runG2p } from './g2p/g2p_command.js';
import { runImport } from './import_command.js';
import { runKerasStyle } from './keras_style_command.js';
import { parseOptions, USAGE } from './options.js';
import { runSeq2seq } from './seq2seq_command.js';
import { startBackend } from './start_backend.js';
import { runTree } from './tree_command.js';

async function main(): Promise<void> {
  if (process.argv[2] === 'keras-style') {
    await runKerasStyle(process.argv.slice(3));
    return;
  }
  // g2p parses its own options (and picks its backend) while the commands move to one parser.
  if (process.argv[2] === 'g2p') {
    await runG2p(process.argv.slice(3));
    return;
  }
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed.options.help) {
    console.log(USAGE);
    return;
  }
  await startBackend(parsed.options.backend);
  switch (parsed.command) {
    case 'char-lm':
      runCharLm(parsed.options);
      break;
    case 'import':
      runImport(parsed.options);
      break;
    case 'ctc':
      runCtc(parsed.options);
      break;
    case 'seq2seq':
      runSeq2seq(parsed.options);
      break;
    case 'tree':
      runTree(parsed.options);
      break;
  }
}

main().catch((e: unknown) => {
  // One line, no stack trace: the messages name what was wrong.
  console.error(`demo: ${(e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''}`);
  process.exit(1);
});

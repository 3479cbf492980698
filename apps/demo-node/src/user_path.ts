// Resolves a path the user typed against the folder they typed it in.
import * as path from 'node:path';

/** pnpm runs the demo inside its package folder; INIT_CWD is where the user stood. */
export function userPath(file: string): string {
  return path.resolve(process.env['INIT_CWD'] ?? process.cwd(), file);
}

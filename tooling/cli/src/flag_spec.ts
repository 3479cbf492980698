// How an app declares one command-line flag.

/** One flag of an app: whether it takes a value, and which commands accept it. */
export interface FlagSpec {
  /** `boolean` flags take no value; `string` flags take one, as `--flag value` or `--flag=value`. */
  type: 'boolean' | 'string';
  /** The flag may be given more than once; its values are kept in order. @default false */
  multiple?: boolean;
  /** The commands that accept it. @default every command */
  commands?: readonly string[];
}

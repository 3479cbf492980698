// The shape of the bad-input table: one table per public package, rows per export.

/** One bad call: it must throw (or reject with) an `InputError` whose `argument` is `argument`. */
export interface BadInputRow {
  /** The argument the error must name, exactly as `InputError.argument` holds it. */
  readonly argument: string;
  /** What is wrong, for the test's name. */
  readonly what: string;
  /** Makes the call; may return a promise, which must then reject. */
  readonly call: () => unknown;
}

/** The bad-input rows of one package entry point (`@rnnkit/io`, `@rnnkit/io/node`, ...). */
export interface PackageTable {
  /** The import specifier, e.g. `@rnnkit/layers`. */
  readonly module: string;
  /** The module namespace itself (`import * as m`): its keys are what must be covered. */
  readonly exports: Readonly<Record<string, unknown>>;
  /** Rows by export name; a class's method rows go under the class's export name. */
  readonly rows: () => Readonly<Record<string, readonly BadInputRow[]>>;
  /** Exports for which no input is bad (constants, kernel configs, describers of any value), with why. */
  readonly noBadInput?: Readonly<Record<string, string>>;
  /**
   * Exports whose validation is not done yet, with why: each is reported as a `todo`, never as
   * passing.
   */
  readonly pending?: Readonly<Record<string, string>>;
}

// How `setupNodeBackend` loads an optional package; injectable so tests can fake one.

/**
 * Loads a package by name and resolves to its namespace, or rejects (with `code`
 * `ERR_MODULE_NOT_FOUND` or `MODULE_NOT_FOUND` when it is not installed).
 */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

// What is wrong with a fused operation's attributes against its schema, for the kernel side and the caller side alike.
import type { AttrSchema } from './fused_op_spec.js';

/** The first attribute of `schema` that `attrs` lacks or gives with the wrong type, as `[name, message]`; undefined when all fit. */
export function attrProblem(schema: AttrSchema, attrs: Readonly<Record<string, unknown>>): [string, string] | undefined {
  for (const [name, kind] of Object.entries(schema)) {
    const value = attrs[name];
    const ok = kind === 'boolean' || kind === 'number' ? typeof value === kind && (kind !== 'number' || Number.isFinite(value)) : typeof value === 'string' && kind.includes(value);
    if (!ok) {
      const expected = typeof kind === 'string' ? `a ${kind === 'number' ? 'finite number' : kind}` : `one of ${kind.map((k) => JSON.stringify(k)).join(', ')}`;
      return [name, `attribute ${name} must be ${expected}, got ${JSON.stringify(value) ?? 'undefined'}`];
    }
  }
  const unknown = Object.keys(attrs).find((name) => !(name in schema));
  return unknown === undefined ? undefined : [unknown, `unknown attribute ${unknown}; the operation takes ${Object.keys(schema).join(', ')}`];
}

// The one description of a fused operation that its portable, cpu/wasm and webgl implementations share.

/** How an attribute is typed: a boolean, a number, or one of a few strings. */
export type AttrKind = 'boolean' | 'number' | readonly string[];

/** The attributes of an operation, by name. */
export type AttrSchema = Readonly<Record<string, AttrKind>>;

/** The typed values of an attribute schema. */
export type AttrValues<S extends AttrSchema> = {
  readonly [K in keyof S]: S[K] extends 'boolean' ? boolean : S[K] extends 'number' ? number : S[K] extends readonly (infer V)[] ? V : never;
};

/**
 * A fused operation as data: its kernel name, its input names (every one required), the names of
 * the outputs a caller sees and of the workspace its backward operation reads (a kernel returns
 * both, outputs first), and its typed attributes. Kernels read inputs, attributes and write
 * outputs by these names (see `fusedKernelConfig`), never by position.
 */
export interface FusedOpSpec<In extends string, Out extends string, Ws extends string, S extends AttrSchema> {
  readonly kernelName: string;
  readonly inputs: readonly In[];
  readonly outputs: readonly Out[];
  /** Outputs kept for the backward operation only; empty (shape [0]) when no gradient records. */
  readonly workspace: readonly Ws[];
  readonly attrs: S;
}

/** What a kernel or portable body receives and returns, with `T` the tensor type of its backend. */
export type OpInputs<In extends string, T> = { readonly [K in In]: T };
/** The named outputs and workspace of a body. */
export type OpOutputs<Out extends string, T> = { readonly [K in Out]: T };

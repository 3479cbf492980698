// The checked structure of a forest of trees, as the tree layers consume it.

/**
 * A validated forest of `size` nodes (no cycles, one parent per node, ids in range), with the
 * nodes grouped by height so a layer can compute each level in one batched step. Build one with
 * `forestFromParents`, `forestFromChildren` or `forestFromTrees`, and reuse it across steps.
 */
export interface Forest {
  readonly size: number;
  /** `parent[j]`: the parent of node j, or -1 for a root. */
  readonly parent: Int32Array;
  /** `children[j]`: node j's children in slot order (slot 0 first). */
  readonly children: ReadonlyArray<readonly number[]>;
  /** The roots, in id order. */
  readonly roots: Int32Array;
  /** `tree[j]`: index of node j's root in `roots`. */
  readonly tree: Int32Array;
  /** `height[j]`: 0 for a leaf, else 1 + the largest height of its children. */
  readonly height: Int32Array;
  /** `levels[k]`: the nodes of height k, in id order. */
  readonly levels: readonly Int32Array[];
  /** The most children any node has. */
  readonly maxChildren: number;
}

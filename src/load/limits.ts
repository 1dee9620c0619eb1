// Limits that keep a hostile or accidental input from hanging or exhausting the tool. A real
// scenario file is a few hundred kilobytes; these are far above that and far below harm.
export interface LoadLimits {
  maxFileBytes: number;
  /** Aliases (`*name`) one document may use. */
  maxAliases: number;
  /**
   * Nodes those aliases stand for, counted each time an alias repeats them (`*big` for a list of
   * a million items is a million and one nodes): a 2 MB file of 999 aliases to one large list is
   * a billion nodes. The written nodes are bounded by the file size; these are not.
   */
  maxAliasNodes: number;
  maxDepth: number;
}

export const DEFAULT_LIMITS: LoadLimits = {
  maxFileBytes: 8 * 1024 * 1024,
  maxAliases: 1000,
  maxAliasNodes: 100_000,
  maxDepth: 64,
};

// The words of the alias findings, the same on both YAML paths (yaml-fast.ts, yaml-source.ts).
export function aliasCountMessage(limits: LoadLimits): string {
  return `The document uses more than ${limits.maxAliases.toLocaleString('en-US')} aliases; this looks like an alias bomb.`;
}

export function aliasNodesMessage(limits: LoadLimits): string {
  return `The aliases in this document repeat more than ${limits.maxAliasNodes.toLocaleString('en-US')} nodes (each use of \`*name\` counts every node of what it names); this looks like an alias bomb. Write the values out, or share smaller parts.`;
}

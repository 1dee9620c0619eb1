// Limits that keep a hostile or accidental input from hanging or exhausting the tool. A real
// scenario file is a few hundred kilobytes; these are far above that and far below harm.
export interface LoadLimits {
  maxFileBytes: number;
  maxAliases: number;
  maxDepth: number;
}

export const DEFAULT_LIMITS: LoadLimits = {
  maxFileBytes: 8 * 1024 * 1024,
  maxAliases: 1000,
  maxDepth: 64,
};

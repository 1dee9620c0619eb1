// How long a comment each forge accepts, for `--forge` on every markdown output (a pull or merge
// request comment). `--max-length N` names any other limit. Characters, as the forges count them.
export const FORGE_COMMENT_LIMITS = {
  /** GitHub refuses a comment body over 65,536 characters. */
  github: 65_535,
  /** GitLab: a note (merge request comment) holds up to 1,000,000 characters. */
  gitlab: 1_000_000,
  /** Bitbucket: pull request comments are cut around 32k characters. */
  bitbucket: 32_768,
  /** Azure DevOps: a pull request thread comment holds up to 150,000 characters. */
  azure: 150_000,
} as const;

type Forge = keyof typeof FORGE_COMMENT_LIMITS;
const FORGES = Object.keys(FORGE_COMMENT_LIMITS) as Forge[];

function isForge(value: string): value is Forge {
  return Object.hasOwn(FORGE_COMMENT_LIMITS, value);
}

/**
 * The character budget of a markdown output from `--max-length` and `--forge` (both optional;
 * the default is GitHub's comment): an error message for a bad value instead.
 */
export function commentLimit(
  maxLength: string | undefined,
  forge: string | undefined,
): { ok: true; max: number } | { ok: false; message: string } {
  if (forge !== undefined && !isForge(forge))
    return { ok: false, message: `--forge must be one of ${FORGES.join(', ')}.` };
  if (maxLength !== undefined) {
    const n = Number(maxLength);
    if (!/^\d+$/.test(maxLength.trim()) || !Number.isSafeInteger(n) || n < 200)
      return {
        ok: false,
        message: '--max-length takes a whole number of characters, 200 or more.',
      };
    return { ok: true, max: n };
  }
  return { ok: true, max: FORGE_COMMENT_LIMITS[forge ?? 'github'] };
}

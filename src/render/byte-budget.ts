// Outputs whose limit is in bytes (GitHub's job summary, $GITHUB_STEP_SUMMARY: 1 MiB per step)
// rather than characters (a comment: 65,535): lines are taken in order while they fit, and the
// last line says how many were left out.

/** GitHub refuses a step summary over 1 MiB ("Workflow commands": job summaries). */
export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * `head`, then as many of `lines` (each ending in a newline) as fit in `maxBytes` together with
 * `tail(left out)`, then that tail when anything was left out (else `tail(0)`).
 */
export function fitLines(
  head: string,
  lines: readonly string[],
  tail: (leftOut: number) => string,
  maxBytes: number,
): string {
  let out = head;
  let used = utf8Length(head);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const size = utf8Length(line);
    const closing = tail(lines.length - i);
    if (used + size + utf8Length(tail(lines.length - i - 1)) > maxBytes) {
      return used + utf8Length(closing) <= maxBytes ? out + closing : out;
    }
    out += line;
    used += size;
  }
  return out + tail(0);
}

/**
 * A renderer with a character budget made to fit a byte budget: rendered at `maxBytes`
 * characters, then again with the budget scaled down by how far the bytes went over, until it fits.
 */
export function fitBytes(render: (maxChars: number) => string, maxBytes: number): string {
  let chars = maxBytes;
  for (let attempt = 0; attempt < 6; attempt++) {
    const text = render(chars);
    const bytes = utf8Length(text);
    if (bytes <= maxBytes) return text;
    chars = Math.floor((chars * maxBytes) / bytes) - 64;
  }
  // Four bytes at most for two UTF-16 units, three for one: this budget always fits.
  return render(Math.floor(maxBytes / 3));
}

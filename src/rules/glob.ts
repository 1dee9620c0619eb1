// Globs in rule selectors: `*` (any characters but `/`), `**` (any characters), `?` (one
// character but `/`). Step keys and scenario file paths only need these; anything else is
// literal. Linear-time regular expressions: no nesting or alternation is produced.
export function globMatcher(pattern: string): (text: string) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`, 's');
  return (text) => re.test(text);
}

// The small pieces the renderers stand on: escaping for markdown, HTML and Mermaid, cutting
// without splitting a character, and unified diffs of texts.
import { describe, expect, it } from 'vitest';
import {
  cutText,
  fenceFor,
  htmlText,
  mdCode,
  mdText,
  mermaidText,
  safeCut,
} from '../../src/render/plan/md-escape.js';
import { textDiff } from '../../src/render/plan/text-diff.js';

describe('escaping', () => {
  it('code spans hold any backticks', () => {
    expect(mdCode('plain')).toBe('`plain`');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdCode('two\nlines')).toBe('`two lines`');
  });

  it('code fences are longer than any backtick run inside', () => {
    expect(fenceFor(['no ticks'])).toBe('```');
    expect(fenceFor(['```', 'x'])).toBe('````');
    expect(fenceFor(['a ````` b'])).toBe('``````');
  });

  it('HTML and markdown text', () => {
    expect(htmlText('</details> & <b>"q"</b>')).toBe(
      '&lt;/details&gt; &amp; &lt;b&gt;"q"&lt;/b&gt;',
    );
    expect(mdText('*bold* [l](u) `c` | x_y')).toBe('\\*bold\\* \\[l\\](u) \\`c\\` \\| x\\_y');
  });

  it('an @mention in user text notifies nobody', () => {
    expect(htmlText('Ask @support')).toBe('Ask &#64;support');
    expect(mdText('@team')).toBe('&#64;team');
  });

  it('Mermaid labels', () => {
    expect(mermaidText('a "b" #c <d> `e` |f| &')).toBe(
      'a #quot;b#quot; #35;c #lt;d#gt; #96;e#96; #124;f#124; #amp;',
    );
    expect(mermaidText('line\nbreak 🍕')).toBe('line break 🍕');
    expect(mermaidText('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('never splits a surrogate pair', () => {
    expect(safeCut('a🍕b', 2)).toBe('a');
    expect(safeCut('a🍕b', 3)).toBe('a🍕');
    expect(cutText('🍕🍕🍕', 4)).toBe('🍕…');
    expect(safeCut('abc', 0)).toBe('');
  });
});

describe('textDiff', () => {
  it('gives hunks with context, without file headers', () => {
    expect(textDiff('a\nb\nc', 'a\nB\nc')).toEqual([
      { sign: '@', text: '@@ -1,3 +1,3 @@' },
      { sign: ' ', text: 'a' },
      { sign: '-', text: 'b' },
      { sign: '+', text: 'B' },
      { sign: ' ', text: 'c' },
    ]);
  });

  it('handles an empty side and a change of the final line break alone', () => {
    expect(textDiff('', 'hi')).toEqual([
      { sign: '@', text: '@@ -0,0 +1 @@' },
      { sign: '+', text: 'hi' },
    ]);
    expect(textDiff('hi\n', 'hi')).toEqual([
      { sign: '@', text: '(only the final line break differs)' },
    ]);
  });

  it('shows old and new whole when they differ too much to diff cheaply', () => {
    const old = Array.from({ length: 3_000 }, (_, i) => `old ${i}`).join('\n');
    const now = Array.from({ length: 3_000 }, (_, i) => `new ${i}`).join('\n');
    const started = Date.now();
    const lines = textDiff(old, now);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(lines[0]).toEqual({ sign: '@', text: '@@ -1,3000 +1,3000 @@' });
    expect(lines.filter((l) => l.sign === '-')).toHaveLength(3_000);
    expect(lines.filter((l) => l.sign === '+')).toHaveLength(3_000);
  });
});

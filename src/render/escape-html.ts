// The one HTML escaper of every format that writes HTML or HTML-like text: the graph page, the
// Graphviz HTML-like labels, and the `<summary>` lines and prose of markdown comments.

/** For element content: `&`, `<` and `>` as entities (quotes stay readable in markdown prose). */
export function escapeHtmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For element content and double-quoted attribute values (botform writes no single-quoted ones). */
export function escapeHtml(s: string): string {
  return escapeHtmlText(s).replace(/"/g, '&quot;');
}

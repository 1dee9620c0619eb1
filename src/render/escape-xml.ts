// The one XML escaper of the reports (JUnit from `validate` and from `test`): XML 1.0 cannot hold
// most control characters even as references, so they are dropped; the rest is escaped for
// element text or, with quotes and whitespace kept as references, for a double-quoted attribute.

const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** For element content: `&`, `<`, `>` as entities, characters XML cannot hold removed. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For a double-quoted attribute value: as text, plus `"` and line breaks and tabs as references. */
export function xmlAttr(s: string): string {
  return xmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

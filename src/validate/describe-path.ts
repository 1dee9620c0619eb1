// Names a place in a scenario document the way a bot designer thinks of it:
// ["steps","welcome","menu",1,"goto"] → `goto` of button 2 of step "welcome".
import type { DocPath } from '../diagnostics/types.js';

const ORDINAL_PARTS: Record<string, string> = {
  menu: 'button',
  branches: 'branch',
  variants: 'variant',
  fields: 'field',
  errors: 'error response',
  entries: 'entry point',
  renamed_from: 'renamed_from entry',
};

export function describePath(path: DocPath): string {
  if (path.length === 0) return 'the file';
  const parts: string[] = [];
  let i = 0;
  if (path[0] === 'steps' && path.length >= 2) {
    parts.push(`step "${String(path[1])}"`);
    i = 2;
  }
  for (; i < path.length; i++) {
    const segment = path[i];
    const nextSegment = path[i + 1];
    if (typeof segment === 'string' && typeof nextSegment === 'number' && ORDINAL_PARTS[segment]) {
      parts.push(`${ORDINAL_PARTS[segment]} ${nextSegment + 1}`);
      i++;
    } else if (typeof segment === 'number') {
      parts.push(`item ${segment + 1}`);
    } else {
      parts.push(`\`${segment}\``);
    }
  }
  return parts.reverse().join(' of ');
}

export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment;
    });
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'object':
      return 'a mapping';
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return typeof value;
  }
}

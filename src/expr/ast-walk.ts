// Reading the library's AST: one generic walk, and the checks the compiler adds on top of the
// library's own limits (functions left out of the language, macro nesting).
import type { ASTNode } from '@marcbachmann/cel-js';
import { EXPRESSION_LIMITS } from './cel-env.js';

/** Comprehension macros: each one loops over a list or map. */
export const MACROS: ReadonlySet<string> = new Set([
  'all',
  'exists',
  'exists_one',
  'map',
  'filter',
  'transformList',
  'transformMap',
  'sortBy',
]);

/**
 * Left out of the language: `matches` runs a JavaScript regular expression, which can take
 * exponential time on a crafted pattern (CEL specifies RE2, which cannot), so its time would not be bounded.
 */
const UNSUPPORTED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  [
    'matches',
    'regular expressions are not available (their run time cannot be bounded); use contains, startsWith or endsWith',
  ],
]);

/** The direct child nodes of a node, whatever its operator. */
export function childrenOf(node: ASTNode): ASTNode[] {
  switch (node.op) {
    case 'value':
    case 'id':
      return [];
    case '.':
    case '.?':
      return [node.args[0]];
    case 'call':
      return [...node.args[1]];
    case 'rcall':
      return [node.args[1], ...node.args[2]];
    case 'list':
      return [...node.args];
    case 'map':
      return node.args.flat();
    case '!_':
    case '-_':
      return [node.args];
    default:
      return [...(node.args as readonly ASTNode[])];
  }
}

export interface Unsupported {
  message: string;
  start: number;
  end: number;
}

/** The first use of something the language leaves out, or a too deep nesting of macros. */
export function findUnsupported(root: ASTNode): Unsupported | undefined {
  const stack: { node: ASTNode; macros: number }[] = [{ node: root, macros: 0 }];
  while (stack.length > 0) {
    const { node, macros } = stack.pop() as { node: ASTNode; macros: number };
    let depth = macros;
    if (node.op === 'call' || node.op === 'rcall') {
      const name = node.args[0];
      const why = UNSUPPORTED_FUNCTIONS.get(name);
      if (why)
        return { message: `${name}() is not supported: ${why}`, start: node.start, end: node.end };
      if (node.op === 'rcall' && MACROS.has(name)) {
        depth++;
        if (depth > EXPRESSION_LIMITS.maxMacroNesting) {
          return {
            message: `more than ${EXPRESSION_LIMITS.maxMacroNesting} comprehensions (${[...MACROS].slice(0, 5).join(', ')}...) inside one another`,
            start: node.start,
            end: node.end,
          };
        }
      }
    }
    for (const child of childrenOf(node)) stack.push({ node: child, macros: depth });
  }
  return undefined;
}

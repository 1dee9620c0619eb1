// Document paths → places in a TypeScript scenario file. Walks from the default export through
// the DSL's calls and literals: scenario({steps: {welcome: message({menu: [button('A', 'b')]})}})
// maps ["steps","welcome","menu",0,"goto"] to the 'b'. Values built by loops or helpers in other
// files cannot be walked into; those point at the nearest place that can.
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import type { DocPath, PathTarget, Range, SourceLocator } from '../../diagnostics/types.js';
import { LIST_TRANSITIONS, STEP_REGISTRY } from '../../steps/index.js';
import { sourceOffsets } from '../string-offsets.js';

/** Positional builders: which argument holds which field. */
const POSITIONAL: Readonly<Record<string, readonly string[]>> = Object.fromEntries([
  ['button', ['text', 'goto']],
  ['link', ['text', 'url']],
  ...LIST_TRANSITIONS.map((t) => [t.helper, t.itemOrder] as const),
]);
/** Builders whose one argument is an object literal with the step's (or scenario's) fields. */
export const OBJECT_BUILDERS: ReadonlySet<string> = new Set([
  'scenario',
  ...STEP_REGISTRY.map((spec) => spec.builder),
]);

export function tsLocator(file: string, source: SourceFile): SourceLocator {
  const rangeOf = (node: Node): Range => {
    const start = source.getLineAndColumnAtPos(node.getStart());
    const end = source.getLineAndColumnAtPos(node.getEnd());
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  };
  const root = defaultExport(source);
  return {
    file,
    locate(path: DocPath, target: PathTarget = 'value'): Range {
      if (!root) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
      let node: Node = root;
      let keyNode: Node | undefined;
      for (const segment of path) {
        const step = child(unwrap(node), segment);
        if (!step) break;
        node = step.value;
        keyNode = step.key;
      }
      return rangeOf(target === 'key' && keyNode ? keyNode : node);
    },
    locateInString(path: DocPath, start: number, end: number): Range | undefined {
      if (!root) return undefined;
      let node: Node = root;
      for (const segment of path) {
        const step = child(unwrap(node), segment);
        if (!step) return undefined;
        node = step.value;
      }
      if (!Node.isStringLiteral(node) && !Node.isNoSubstitutionTemplateLiteral(node))
        return undefined;
      const [from, to] = sourceOffsets(node.getText(), 'js', node.getLiteralText(), [
        start,
        Math.max(start, end),
      ]);
      if (from === undefined) return undefined;
      const a = source.getLineAndColumnAtPos(node.getStart() + from);
      const b = source.getLineAndColumnAtPos(node.getStart() + (to ?? from));
      return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    },
  };
}

function defaultExport(source: SourceFile): Node | undefined {
  for (const statement of source.getStatements()) {
    if (Node.isExportAssignment(statement) && !statement.isExportEquals())
      return statement.getExpression();
  }
  return undefined;
}

/** Sees through parentheses, `as`, `satisfies`, and identifiers declared with an initializer. */
function unwrap(node: Node, depth = 0): Node {
  if (depth > 20) return node;
  if (
    Node.isParenthesizedExpression(node) ||
    Node.isAsExpression(node) ||
    Node.isSatisfiesExpression(node)
  )
    return unwrap(node.getExpression(), depth + 1);
  if (Node.isIdentifier(node)) {
    const declaration = node.getSymbol()?.getDeclarations()[0];
    if (declaration && Node.isVariableDeclaration(declaration)) {
      const init = declaration.getInitializer();
      if (init) return unwrap(init, depth + 1);
    }
  }
  return node;
}

function calleeName(call: Node): string | undefined {
  if (!Node.isCallExpression(call)) return undefined;
  const callee = call.getExpression();
  if (Node.isIdentifier(callee)) return callee.getText();
  if (Node.isPropertyAccessExpression(callee)) return callee.getName();
  // scenarioPart<...>()({...})
  if (Node.isCallExpression(callee))
    return calleeName(callee) === 'scenarioPart' ? 'scenario' : undefined;
  return undefined;
}

function child(node: Node, segment: string | number): { key?: Node; value: Node } | undefined {
  if (Node.isCallExpression(node)) {
    const name = calleeName(node);
    const args = node.getArguments();
    if (name && POSITIONAL[name]) {
      const at = POSITIONAL[name].indexOf(String(segment));
      const arg = at >= 0 ? args[at] : undefined;
      return arg ? { value: arg } : undefined;
    }
    if (name && OBJECT_BUILDERS.has(name)) {
      if (segment === 'type' && name !== 'scenario') return { value: node.getExpression() };
      const first = args[0];
      return first ? child(unwrap(first), segment) : undefined;
    }
    return undefined;
  }
  if (Node.isObjectLiteralExpression(node)) {
    for (const property of node.getProperties()) {
      if (Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property)) {
        const nameNode = property.getNameNode();
        const name =
          Node.isStringLiteral(nameNode) || Node.isNoSubstitutionTemplateLiteral(nameNode)
            ? nameNode.getLiteralText()
            : nameNode.getText();
        if (name === String(segment)) {
          const value = Node.isPropertyAssignment(property)
            ? property.getInitializerOrThrow()
            : property.getNameNode();
          return { key: nameNode, value };
        }
      } else if (Node.isSpreadAssignment(property)) {
        const inner = child(unwrap(property.getExpression()), segment);
        if (inner) return inner;
      }
    }
    return undefined;
  }
  if (Node.isArrayLiteralExpression(node) && typeof segment === 'number') {
    const elements = node.getElements();
    if (elements.some((e) => e.getKind() === SyntaxKind.SpreadElement)) return undefined;
    const element = elements[segment];
    return element ? { value: element } : undefined;
  }
  return undefined;
}

// A transition typo in a step written with a builder (`button('Menu', 'catalgo')`) makes
// TypeScript report the whole step, at its key, with the step's union types over four lines.
// This finds the string that is not a step key inside that step and reports it there instead,
// in one line in TypeScript's own words, with "did you mean".
import { Node, ts, type Diagnostic as TsDiagnostic, type SourceFile } from 'ts-morph';
import { closestMatch } from '../../diagnostics/suggest.js';
import { FIELD_TRANSITIONS, LIST_TRANSITIONS } from '../../steps/index.js';

/** The builders whose second argument is a step key: button() and the list helpers (when, variant). */
const TARGET_ARGUMENT_BUILDERS = new Set(['button', ...LIST_TRANSITIONS.map((t) => t.helper)]);
/** Fields holding a step key: every step's `next`, a button's or list item's `goto`, and the registry's field transitions. */
const TRANSITION_FIELDS = new Set(['next', 'goto', ...FIELD_TRANSITIONS.map((t) => t.field)]);

export interface TypoAt {
  start: number;
  end: number;
  message: string;
}

/** The typos behind a "Type 'MessageStep<...>' is not assignable to type 'Step<...>'" error, or undefined when it is another error. */
export function transitionTypos(d: TsDiagnostic, sourceFile: SourceFile): TypoAt[] | undefined {
  if (d.getCode() !== 2322) return undefined;
  const text = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n');
  const union = /to type 'Step<(.*)>'\.?$/m.exec(text.split('\n')[0] ?? '')?.[1];
  if (union === undefined) return undefined;
  const keys = [...union.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] as string);
  const property = sourceFile.getDescendantAtPos(d.getStart() ?? 0)?.getParent();
  if (!property || !Node.isPropertyAssignment(property)) return undefined;
  const value = property.getInitializer();
  if (!value) return undefined;
  const typos: TypoAt[] = [];
  for (const literal of value.getDescendants()) {
    if (
      !Node.isStringLiteral(literal) ||
      keys.includes(literal.getLiteralValue()) ||
      !isTransitionTarget(literal)
    )
      continue;
    const target = literal.getLiteralValue();
    const suggestion = closestMatch(target, keys);
    typos.push({
      start: literal.getStart(),
      end: literal.getEnd(),
      message: `TS2322: Type '"${target}"' is not assignable to type '${union}'.${suggestion === undefined ? '' : ` Did you mean '"${suggestion}"'?`}`,
    });
  }
  return typos.length > 0 ? typos : undefined;
}

function isTransitionTarget(literal: Node): boolean {
  const parent = literal.getParent();
  if (Node.isCallExpression(parent)) {
    const callee = parent.getExpression();
    return (
      Node.isIdentifier(callee) &&
      TARGET_ARGUMENT_BUILDERS.has(callee.getText()) &&
      parent.getArguments()[1] === literal
    );
  }
  if (Node.isPropertyAssignment(parent))
    return TRANSITION_FIELDS.has(parent.getName()) && parent.getInitializer() === literal;
  return false;
}

// CEL's type errors in a designer's words: "no such overload: double == string" becomes
// "compares a number with text". The library's message is the input; one that is not
// recognised is passed on as it is.

/** A CEL type as a designer calls it (with its article where one is needed). */
function typeWords(type: string): string {
  const inner = /^dyn<(.+)>$/.exec(type)?.[1] ?? type;
  if (/^(double|int|uint)$/.test(inner)) return 'a number';
  if (inner === 'string') return 'text';
  if (inner === 'bool') return 'true/false';
  if (inner === 'null' || inner === 'null_type') return 'null';
  if (inner.startsWith('list')) return 'a list';
  if (inner.startsWith('map')) return 'a map (an object)';
  if (inner === 'bytes') return 'bytes';
  if (inner === 'timestamp') return 'a point in time';
  if (inner === 'duration') return 'a duration';
  if (inner === 'dyn') return 'a value';
  return inner;
}

const OPERATOR_WORDS: Record<string, (a: string, b: string) => string> = {
  '==': (a, b) => `compares ${a} with ${b}`,
  '!=': (a, b) => `compares ${a} with ${b}`,
  '<': (a, b) => `compares ${a} with ${b}`,
  '<=': (a, b) => `compares ${a} with ${b}`,
  '>': (a, b) => `compares ${a} with ${b}`,
  '>=': (a, b) => `compares ${a} with ${b}`,
  '+': (a, b) => `adds ${b} to ${a}`,
  '-': (a, b) => `subtracts ${b} from ${a}`,
  '*': (a, b) => `multiplies ${a} by ${b}`,
  '/': (a, b) => `divides ${a} by ${b}`,
  '%': (a, b) => `takes ${a} modulo ${b}`,
  in: (a, b) => `looks for ${a} in ${b}`,
};

const HINTS: Record<string, string> = {
  compares:
    'Compare values of one kind: a number with a number (`int(x) == 3`), text with text (`string(x) == "3"`).',
  adds: 'Convert one side first: `string(x) + " items"`, or `double(x) + 1`.',
};

export interface TypeWords {
  message: string;
  hint?: string;
}

/** The designer's words for a CEL type error, or undefined when the message is not one. */
export function typeErrorInWords(message: string): TypeWords | undefined {
  const binary = /no such overload:\s*(\S+)\s+(==|!=|<=|>=|<|>|\+|-|\*|\/|%|in)\s+(\S+)/.exec(
    message,
  );
  if (binary) {
    const [, left = '', op = '', right = ''] = binary;
    const words = OPERATOR_WORDS[op];
    if (words) {
      const text = words(typeWords(left), typeWords(right));
      const hint = HINTS[text.split(' ')[0] ?? ''];
      return { message: `The expression ${text}`, ...(hint ? { hint } : {}) };
    }
  }
  const call = /no matching overload for '([\w.]+)\(([^)]*)\)'/.exec(message);
  if (call) {
    const [, name = '', args = ''] = call;
    const given = args
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)
      .map(typeWords);
    return {
      message: `${name}() does not take ${given.length > 0 ? given.join(' and ') : 'no arguments'}`,
    };
  }
  return undefined;
}

// fast-check arbitraries for CEL expressions and {{ }} templates over the example scenario's
// variables: well-formed ones, near-misses (typos of names and fields), and hostile text (deep
// parentheses, very long expressions, unicode identifiers, unclosed braces and strings).
import fc from 'fast-check';

const NAMES = [
  'cart.total',
  'user.is_subscriber',
  'rating',
  'order.status',
  'kitchen.eta_minutes',
  'email',
  'order_id',
  'user.name',
  'channel',
  'shop.name',
  'size(cart.items)',
];
const NEAR_MISSES = [
  'candels',
  'cart.totl',
  'user.is_subscribr',
  'ratin',
  'kitchen.eta_minute',
  'имя',
  'cart.😀',
  'emial',
  'order.stat',
  'undefined_thing',
];
const LITERALS = [
  '0',
  '4',
  '15.5',
  '"delivered"',
  "'x'",
  'true',
  'null',
  '"{{"',
  '"}}"',
  '[1, 2]',
  '{"a": 1}',
  'b"x"',
  '-1',
  '1e3',
  '0x1F',
];
const BINARY = ['==', '!=', '<', '<=', '>', '>=', '&&', '||', '+', '-', '*', '/', '%', 'in'];

const atom = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...NEAR_MISSES) },
  { weight: 3, arbitrary: fc.constantFrom(...LITERALS) },
);

export const expressionArbitrary: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc
      .tuple(tie('expr'), fc.constantFrom(...BINARY), tie('expr'))
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('expr').map((e) => `(${e})`),
    tie('expr').map((e) => `!${e}`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
    tie('expr').map((e) => `cart.items.exists(i, ${e})`),
  ),
})).expr;

/** Hostile or broken expression text. */
export const badExpressionArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 400 }).map((n) => `${'('.repeat(n)}1${')'.repeat(n)}`),
  fc
    .integer({ min: 1, max: 800 })
    .map((n) => Array.from({ length: n }, (_, i) => `rating > ${i}`).join(' && ')),
  fc.constantFrom(
    '',
    ' ',
    'cart.total ==',
    '(',
    ')',
    '"unclosed',
    'a.b.',
    '1 +* 2',
    'имя == 1',
    'ünïcødé > 1',
    '😀',
    'x.matches("(a+)+$")',
    '\\',
    '{{',
    '}}',
    'cart[',
    'has(',
    'l.all(a, l.all(b, l.all(c, true)))',
  ),
  fc.string({ maxLength: 40 }),
);

const textPiece = fc.constantFrom(
  'Hello ',
  'Total: ',
  ' ',
  '{',
  '}',
  '}}',
  ' and ',
  '€',
  '🍕',
  '\n',
  'line two',
  '"quoted"',
  "it's",
  ': colon',
  '# hash',
  '\\',
);

/** A template: text, `{{ expression }}` parts, and the occasional unclosed `{{`. */
export const templateArbitrary: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: textPiece },
      { weight: 3, arbitrary: expressionArbitrary.map((e) => `{{ ${e} }}`) },
      { weight: 1, arbitrary: badExpressionArbitrary.map((e) => `{{${e}}}`) },
      { weight: 1, arbitrary: fc.constantFrom('{{', '{{ cart.total', '{{ "}}', '{{{{ a }}}}') },
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(''))
  .filter((t) => t.trim() !== '');

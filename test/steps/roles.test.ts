// Step meaning in the registry: every field of every step schema has declared roles, and the
// stages that need them read them — the expression sites, variable tracing (with the runtime's
// order of "save, then say"), the test checker's offered buttons, completion of transition
// fields, fmt's layout.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stepKeyOrder } from '../../src/fmt/key-order.js';
import { completeAt } from '../../src/lsp/completion.js';
import { sitesOf } from '../../src/expr/sites.js';
import { start, step } from '../../src/runtime/index.js';
import { STEP_REGISTRY, STEP_TYPES } from '../../src/steps/index.js';
import {
  fieldRoles,
  fieldSitesOf,
  ownButtonsOf,
  STEP_KEY_FIELDS,
  savedVariablesOf,
} from '../../src/steps/roles.js';
import { SCHEMA_DIR } from '../../src/validate/schemas.js';
import { compileFiles } from '../helpers/compile.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { tempTree } from '../helpers/cli.js';
import { scenarioOf } from '../runtime/scenario.js';

const schemaOf = (file: string) =>
  JSON.parse(readFileSync(SCHEMA_DIR + file, 'utf8')) as { properties: Record<string, unknown> };

describe('every schema property has a declared role', () => {
  it.each(STEP_REGISTRY.map((spec) => [spec.type, spec.schema]))('%s', (type, schema) => {
    const roles = fieldRoles(type);
    const missing = Object.keys(schemaOf(schema).properties).filter(
      (field) => (roles.get(field) ?? []).length === 0,
    );
    expect(missing, `add roles for these fields to src/steps/${type}.ts`).toStrictEqual([]);
    // And nothing is declared that the schema does not have.
    const extra = [...roles.keys()].filter((f) => !(f in schemaOf(schema).properties));
    expect(extra).toStrictEqual([]);
  });

  it('a saved variable names where its type comes from, and what it is said before exists', () => {
    for (const spec of STEP_REGISTRY)
      for (const [, roles] of fieldRoles(spec.type))
        for (const role of roles)
          if (role.role === 'saves')
            for (const field of role.setBefore)
              expect(
                fieldRoles(spec.type)
                  .get(field)
                  ?.some((r) => r.role === 'template'),
                `${spec.type}.${field}`,
              ).toBe(true);
  });
});

describe('the roles, as the stages read them', () => {
  it('lists a type`s conditions, templates and step keys with their paths (for test generation)', () => {
    expect(fieldSitesOf('condition')).toStrictEqual([
      { role: 'condition', field: 'branches', at: ['*', 'if'] },
      { role: 'transition', field: 'branches', at: ['*', 'goto'] },
      { role: 'transition', field: 'else', at: [] },
    ]);
    expect(fieldSitesOf('form', ['template'])).toStrictEqual([
      { role: 'template', field: 'text', at: [] },
      { role: 'template', field: 'menu', at: ['*', 'text'] },
      { role: 'template', field: 'menu', at: ['*', 'url'] },
      { role: 'template', field: 'fields', at: ['*', 'label'] },
      { role: 'template', field: 'success_text', at: [] },
    ]);
    expect(ownButtonsOf('cart')).toStrictEqual([
      { field: 'checkout_text', fallback: 'Checkout', takes: 'next' },
    ]);
    expect(
      savedVariablesOf('form', {
        fields: [{ name: 'name', label: 'Name' }, { label: 'no name' }, 'junk'],
      }).map((v) => v.name),
    ).toStrictEqual(['name']);
  });

  it('expression sites come from the roles: a checkout label is a template', () => {
    const s = scenarioOf(
      {
        start: 'c',
        steps: { c: { type: 'cart', text: 'Cart', checkout_text: 'Pay {{ cart.total }}' } },
      },
      { allowErrors: true },
    );
    const cart = s.steps.get('c');
    expect(cart && sitesOf(cart).map((site) => [site.kind, site.field])).toStrictEqual([
      ['template', 'checkout_text'],
    ]);
  });

  it('completion offers step keys after every transition field of the registry', () => {
    expect(STEP_KEY_FIELDS).toEqual(
      expect.arrayContaining(['next', 'goto', 'else', 'on_error', 'no_operator']),
    );
    const source = { keys: ['desk', 'welcome'], typeOf: () => undefined, variables: () => [] };
    for (const field of STEP_KEY_FIELDS) {
      const text = `steps:\n  h:\n    ${field}: we`;
      const items = completeAt(
        text,
        { line: 2, character: text.split('\n')[2]?.length ?? 0 },
        source,
      );
      expect(
        items.items.map((i) => i.label),
        field,
      ).toStrictEqual(['welcome']);
    }
  });

  it('fmt lays a step out from the registry: own fields, then menu, next and the transitions beside it', () => {
    expect(stepKeyOrder('handoff')).toStrictEqual([
      'type',
      'description',
      'text',
      'queue',
      'no_operator',
      'menu',
      'next',
      'else',
      'on_error',
      'renamed_from',
      'end',
      'protect',
    ]);
    expect(stepKeyOrder('not a type')).toStrictEqual([
      'type',
      'description',
      'text',
      'menu',
      'next',
      'else',
      'on_error',
      'renamed_from',
      'end',
      'protect',
    ]);
    for (const type of STEP_TYPES)
      expect(new Set(stepKeyOrder(type)).size).toBe(stepKeyOrder(type).length);
  });
});

describe('the checker and the runtime agree on when a variable is set', () => {
  // A form (and an order) saves its answers, then says success_text: the runtime says
  // "Thanks Ann", so the checker must not warn that `name` may not be set there. Its own text,
  // said before any answer, may not read them.
  const files = {
    'a.yaml': [
      'start: welcome',
      'steps:',
      '  welcome: { type: message, text: Hi, menu: [{ text: Form, goto: details }, { text: Order, goto: buy }] }',
      '  details:',
      '    type: form',
      '    text: "Hello {{ name }}"',
      '    fields: [{ name: name, label: Name }]',
      '    success_text: "Thanks {{ name }}"',
      '    next: done',
      '  buy:',
      '    type: order',
      '    text: Your order',
      '    fields: [{ name: street, label: Street }]',
      '    success_text: "We deliver to {{ street }}"',
      '    next: done',
      '  done: { type: message, text: Bye, end: true }',
      '',
    ].join('\n'),
  };

  it('no "may not be set" for a form`s or order`s answers in its success_text; its own text still warns', async () => {
    const t = tempTree(files);
    try {
      const { diagnostics } = await compileFiles(['.'], {
        cwd: t.dir,
        config: defaultConfig(t.dir),
      });
      expect(
        diagnostics
          .filter((d) => d.code === 'variable-maybe-unset')
          .map((d) => `${d.line}:${d.column} ${d.message}`),
      ).toStrictEqual([
        '6:21 "name" may not be set here: on the path welcome → details no step saves it.',
      ]);
    } finally {
      t.cleanup();
    }
  });

  it('the runtime says the answers in success_text', () => {
    const s = scenarioOf(files['a.yaml'].replace('"Hello {{ name }}"', 'Hello'));
    let r = start(s);
    r = step(s, r.state, { type: 'press', label: 'Form' });
    r = step(s, r.state, { type: 'text', text: 'Ann' });
    expect(r.messages.map((m) => m.text)).toStrictEqual(['Thanks Ann', 'Bye']);
  });
});

describe('the runtime renders every template field', () => {
  it('a link button`s url is a template, as the checker treats it', () => {
    const s = scenarioOf({
      start: 'a',
      steps: {
        a: {
          type: 'message',
          text: 'Hi',
          menu: [{ text: 'Profile', url: 'https://example.com/u/{{user.id}}' }],
          end: true,
        },
      },
    });
    const r = start(s, { vars: { user: { id: 'u7' } } });
    expect(r.messages[0]?.buttons).toStrictEqual([
      { text: 'Profile', url: 'https://example.com/u/u7' },
    ]);
  });
});

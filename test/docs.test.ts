// The docs and the code agree: every diagnostic code has its section, every schema compiles,
// and the example scenario's modelines point at the real schema.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../src/diagnostics/codes.js';
import { CHANNEL_LIMITS } from '../src/graph/channel-limits.js';
import { schemaAjv, SCHEMA_DIR } from '../src/validate/schemas.js';
import { REPO } from './helpers/fixtures.js';

const read = (p: string) => readFileSync(path.join(REPO, p), 'utf8');

describe('docs', () => {
  it('documents every diagnostic code, and no others', () => {
    const doc = read('docs/diagnostics.md');
    const documented = [...doc.matchAll(/^### ([a-z0-9-]+)$/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(CODES).sort());
    for (const [code, info] of Object.entries(CODES)) {
      expect(doc).toContain(
        `| [\`${code}\`](#${code}) | ${info.severity} | ${info.configurable ? 'yes' : 'no'} |`,
      );
    }
  });

  it('documents every messenger limit as the code has it', () => {
    const doc = read('docs/channels.md');
    for (const [name, l] of Object.entries(CHANNEL_LIMITS)) {
      let from = 1;
      const labels = l.buttons.map((f) => {
        const counts = from === f.upTo ? `${f.upTo}` : `${from}–${f.upTo}`;
        from = f.upTo + 1;
        return `${l.buttons.length > 1 ? `${counts} buttons: ` : ''}${f.maxLabel} ${f.unit}${f.name === 'buttons' ? '' : ` (${f.name})`}`;
      });
      expect(doc).toContain(
        `| \`${name}\` | ${l.label} | ${l.maxButtons} | ${labels.join('; ')} | ${l.maxMessage} |`,
      );
    }
  });
});

describe('schemas', () => {
  it('every schema in schemas/ compiles', () => {
    const ajv = schemaAjv();
    const names = readdirSync(SCHEMA_DIR).filter((n) => n.endsWith('.schema.json'));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(ajv.getSchema(name), name).toBeTypeOf('function');
  });

  it('example scenario files carry a modeline that resolves to the scenario schema', () => {
    const dir = path.join(REPO, 'scenarios', 'pizza-shop');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const first = readFileSync(path.join(dir, file), 'utf8').split('\n')[0] ?? '';
      const match = /^# yaml-language-server: \$schema=(.+)$/.exec(first);
      expect(match, file).not.toBeNull();
      expect(path.resolve(dir, match?.[1] ?? '')).toBe(
        path.join(SCHEMA_DIR, 'scenario.schema.json'),
      );
    }
  });
});

describe('the message API as documented', () => {
  it('the webhook payload in docs/hightouch-api.md is what the emulator sends (WebhookPayload)', () => {
    const doc = read('docs/hightouch-api.md');
    const block = /POSTed to the webhook one by one:\n\n```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    const example = JSON.parse(block ?? 'null') as Record<string, unknown>;
    const openapi = JSON.parse(read('schemas/hightouch.openapi.json')) as {
      components: {
        schemas: { WebhookPayload: { required: string[]; properties: Record<string, unknown> } };
      };
    };
    const payload = openapi.components.schemas.WebhookPayload;
    for (const key of payload.required) expect(example, key).toHaveProperty(key);
    for (const key of Object.keys(example)) expect(payload.properties, key).toHaveProperty(key);
    expect(example.message).not.toHaveProperty('in_reply_to');
    expect(example.message).not.toHaveProperty('last_in_turn');
  });
});

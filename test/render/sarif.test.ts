// validate's reports for CI: SARIF 2.1.0 (checked against the official schema, vendored in
// test/fixtures/sarif with its source named) and JUnit XML; --output writes the report to a file
// while stdout still shows the stylish text; every diagnostic links to its docs section.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { CODES } from '../../src/diagnostics/codes.js';
import { docsLink } from '../../src/diagnostics/docs-link.js';
import type { Diagnostic } from '../../src/diagnostics/types.js';
import { paletteFor } from '../../src/render/colors.js';
import { junit } from '../../src/render/diagnostics/junit.js';
import { sarif } from '../../src/render/diagnostics/sarif.js';
import { runCli, tempTree } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

function sarifValidator() {
  const schema = JSON.parse(
    readFileSync(path.join(FIXTURES, 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as Record<string, unknown>;
  // The schema is written for draft-04; its keywords are all draft-07's too, bar these two names.
  delete schema.$schema;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const diag = (over: Partial<Diagnostic>): Diagnostic => ({
  code: 'dangling-transition',
  severity: 'error',
  message: 'M',
  file: 'a b/bot.yaml',
  path: [],
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 9,
  ...over,
});

describe('SARIF', () => {
  it('validates against the SARIF 2.1.0 schema, with every code as a rule that links to its docs', () => {
    const validate = sarifValidator();
    const text = sarif(
      [
        diag({}),
        diag({ code: 'unreachable-step', severity: 'warning', hint: 'H' }),
        diag({ code: 'ignored-steps', severity: 'info' }),
      ],
      { palette: paletteFor(false), toolVersion: '1.2.3' },
    );
    const log = JSON.parse(text) as {
      runs: {
        tool: { driver: { rules: { id: string; helpUri: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0];
    expect(run?.tool.driver.rules.map((r) => r.id)).toStrictEqual(Object.keys(CODES));
    expect(run?.tool.driver.rules[0]?.helpUri).toBe(docsLink(Object.keys(CODES)[0] ?? ''));
    expect(run?.results.map((r) => r.level)).toStrictEqual(['error', 'warning', 'note']);
    expect(run?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'a%20b/bot.yaml',
    );
    expect(validate(JSON.parse(sarif([], { palette: paletteFor(false) })))).toBe(true);
  });

  it('doc links point at a section that exists', () => {
    const doc = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    for (const code of Object.keys(CODES)) expect(doc).toContain(`### ${code}\n`);
  });
});

describe('JUnit', () => {
  it('one suite per file, failing diagnostics as failures, text escaped, the run as a case', () => {
    const xml = junit(
      [
        diag({ message: 'goes to "x" <y> & z' }),
        diag({ code: 'unreachable-step', severity: 'warning' }),
      ],
      { palette: paletteFor(false) },
    );
    expect(xml).toContain(
      '<testsuites name="botform validate" tests="3" failures="2" errors="0" time="0.000">',
    );
    expect(xml).toContain(
      '<failure message="goes to &quot;x&quot; &lt;y&gt; &amp; z" type="dangling-transition">',
    );
    expect(xml).toContain('<failure message="1 error." type="verdict">');
    expect(xml).not.toMatch(/<y>/);
    expect(junit([], { palette: paletteFor(false), durationMs: 1234 })).toContain(
      '<testcase name="botform validate passes" classname="botform" time="1.234"/>',
    );
  });

  it('under --fail-on warning a warning is a failure, and the run fails with its reason', () => {
    const xml = junit([diag({ code: 'unreachable-step', severity: 'warning' })], {
      palette: paletteFor(false),
      failOn: 'warning',
    });
    expect(xml).toContain('tests="2" failures="2"');
    expect(xml).toContain('<failure message="1 warning (--fail-on warning)." type="verdict">');
    expect(xml).toMatch(/<testcase name="unreachable-step at [^"]+"[^>]*>\n\s*<failure /);
  });
});

describe('validate --format sarif --output FILE', () => {
  it('writes the report to the file and prints stylish; a typo is one result', async () => {
    const t = tempTree({
      'bot.yaml':
        'start: a\nsteps:\n  a:\n    type: message\n    text: A\n    next: bb\n  b:\n    type: message\n    text: B\n    end: true\n',
    });
    cleanups.push(t.cleanup);
    const run = await runCli(
      ['validate', 'bot.yaml', '--format', 'sarif', '--output', 'report.sarif'],
      { cwd: t.dir },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('6:11  error');
    const log = JSON.parse(readFileSync(path.join(t.dir, 'report.sarif'), 'utf8')) as {
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarifValidator()(log)).toBe(true);
    expect(log.runs[0]?.results.map((r) => r.ruleId)).toStrictEqual(['dangling-transition']);
  });
});

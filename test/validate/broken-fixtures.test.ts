// One broken scenario per diagnostic: each must give exactly its code at its exact place.
import { describe, expect, it } from 'vitest';
import { compileFiles } from '../helpers/compile.js';
import { loadConfig } from '../../src/config/load-config.js';
import { CODES } from '../../src/diagnostics/codes.js';
import { brokenFixtures } from '../helpers/fixtures.js';

const fixtures = brokenFixtures();

describe('broken fixtures', () => {
  it.each(fixtures)('$name gives $code at $line:$column', async (fx) => {
    const { config } = await loadConfig(fx.cwd);
    const { diagnostics } = await compileFiles([fx.input], { cwd: fx.cwd, config });
    const codes = [...new Set(diagnostics.map((d) => d.code))];
    expect(codes).toEqual([fx.code]);
    const hit = diagnostics.find((d) => d.code === fx.code);
    expect(hit).toBeDefined();
    expect({ file: hit?.file, line: hit?.line, column: hit?.column }).toEqual({
      file: fx.file,
      line: fx.line,
      column: fx.column,
    });
    if (fx.endLine !== undefined)
      expect({ endLine: hit?.endLine, endColumn: hit?.endColumn }).toEqual({
        endLine: fx.endLine,
        endColumn: fx.endColumn,
      });
    expect(hit?.message.length).toBeGreaterThan(10);
  });

  it('covers every diagnostic a YAML scenario can produce', () => {
    // Codes that need other inputs are tested elsewhere: file-level problems in bad-input,
    // the TS loader's in the DSL tests, config-invalid in the config tests.
    const elsewhere = new Set([
      'no-scenario-files',
      'file-unreadable',
      'file-too-large',
      'file-not-utf8',
      'yaml-too-deep',
      'ts-error',
      'ts-evaluation',
      'config-invalid',
      // Plan findings need a live shop: test/plan/cli.test.ts.
      'protected-step',
      'ignored-reference',
      'unresolved-reference',
      'duplicate-live-name',
      'ignored-steps',
      // Conversation test files: test/conversations/cli.test.ts.
      'no-test-files',
      'test-unknown-step',
      'test-unknown-button',
      'test-not-an-operation',
      'test-undeclared-status',
      'test-stub-mismatch',
      'test-unknown-variant',
      'test-bad-regex',
      'test-duplicate-name',
      // Team rules need rule files: test/rules/rules.test.ts.
      'rules-invalid',
      'rule-violation',
      'rule-vacuous',
      'rule-undecided',
      'plan-denied',
      'test-no-operator',
      // Found by `botform test generate`: test/testgen/cli.test.ts.
      'transition-infeasible',
    ]);
    // Environment codes need a config with environments: test/environments/ covers them.
    for (const code of Object.keys(CODES))
      if (code.startsWith('env-') || code.startsWith('unset-')) elsewhere.add(code);
    const covered = new Set(fixtures.map((f) => f.code));
    const missing = Object.keys(CODES).filter((code) => !covered.has(code) && !elsewhere.has(code));
    expect(missing).toEqual([]);
  });
});

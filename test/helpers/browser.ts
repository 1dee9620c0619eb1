// Headless Chromium (Debian's `chromium` package, installed by .ci/run) driven by playwright-core:
// for tests that judge an output by what a person sees — the real Mermaid library rendering a
// diagram, the HTML graph page fitting its picture. On a machine without Chromium these tests are
// skipped with the reason, except in CI, where they must run.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM = process.env.BOTFORM_CHROMIUM ?? '/usr/bin/chromium';

/** Undefined when Chromium can be used; else why the browser tests are skipped. */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.CI)
    throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium.`);
  return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set BOTFORM_CHROMIUM)`;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

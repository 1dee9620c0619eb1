// Benchmark (issue 25, item 5): small hostile inputs finish fast with a clear message. Each case
// is a whole CLI process (the language server over real stdio), its time from start to the
// answer that says what is wrong; the message is checked, or the benchmark fails. Target: each
// at most 2 s (ratio = time ÷ 2 s, at most 1.0x). The cases, as an audit found them:
// - alias: a 2 MB file, one list of 1,000,000 items and 999 aliases to it (exhausted 4.2 GB);
// - cel: `l.all(x, l.all(y, x + y >= 0))` over 20,000 items in `botform test` (27 s);
// - regex: `says: {matches: "^(a+)+$"}` on a 31-character text in `botform test` (50 s);
// - keys: `botform validate` of 40,000 unknown top-level keys (20 s);
// - lsp: open a document of 30,000 unknown keys, hover, and all 30,000 problems published (22.6 s).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { measureNode, median } from './measure.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'botform.js');
const OUT = path.join(ROOT, 'bench', 'out', 'hostile');
const LIMIT_MS = 2000;

function project(name, files) {
  const dir = path.join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const STEPS = 'start: a\nsteps:\n  a:\n    type: message\n    text: hi\n    end: true\n';
const keys = (n) => {
  let text = STEPS;
  for (let i = 0; i < n; i++) text += `k${i}: ${i}\n`;
  return text;
};

function cases() {
  const conditionScenario = `start: check
steps:
  check:
    type: condition
    branches:
      - if: l.all(x, l.all(y, x + y >= 0))
        goto: big
    else: small
  big:
    type: message
    text: ${'a'.repeat(31)}b
    end: true
  small:
    type: message
    text: small
    end: true
`;
  const config = 'scenario: bot.yaml\nvariables:\n  l: list\n';
  const list = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => i));
  return [
    {
      name: 'alias fan-out (validate)',
      dir: project('alias', {
        'bomb.yaml': `${STEPS}big: &big [${Array(1_000_000).fill('x').join(',')}]\nrefs: [${Array(999).fill('*big').join(',')}]\n`,
      }),
      args: ['validate', 'bomb.yaml'],
      expect: 'yaml-alias-limit',
    },
    {
      name: 'CEL over 20,000 items (test)',
      dir: project('cel', {
        'botform.config.yaml': config,
        'bot.yaml': conditionScenario,
        'tests/bot.test.yaml': `tests:\n  - name: big\n    vars: {l: ${list}}\n    turns:\n      - bot: {step: big}\n`,
      }),
      args: ['test'],
      expect: 'took too long',
    },
    {
      name: 'regex ^(a+)+$ (test)',
      dir: project('regex', {
        'botform.config.yaml': config,
        'bot.yaml': conditionScenario,
        'tests/bot.test.yaml':
          'tests:\n  - name: pattern\n    vars: {l: [1]}\n    turns:\n      - bot: {step: big, says: {matches: "^(a+)+$"}}\n',
      }),
      args: ['test'],
      expect: 'a message matching /^(a+)+$/',
    },
    {
      name: '40,000 unknown keys (validate)',
      dir: project('keys', { 'bot.yaml': keys(40_000) }),
      args: ['validate', 'bot.yaml'],
      expect: '40000 problems',
    },
  ];
}

/** Opens a 30,000-key document in `botform lsp`: time to the hover answer and to all its problems. */
async function lspCase() {
  const text = keys(30_000);
  const dir = project('lsp', { 'botform.config.yaml': 'scenario: bot.yaml\n', 'bot.yaml': text });
  const uri = pathToFileURL(path.join(dir, 'bot.yaml')).href;
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], {
    cwd: dir,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const published = new Promise((resolve) =>
    connection.onNotification('textDocument/publishDiagnostics', (params) => {
      if (params.uri === uri && params.diagnostics.length > 0) resolve(params.diagnostics.length);
    }),
  );
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: null,
    rootUri: pathToFileURL(dir).href,
    capabilities: {},
    workspaceFolders: null,
  });
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text },
  });
  const hover = await connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line: 0, character: 7 },
  });
  const hoverMs = performance.now() - started;
  const count = await published;
  const allMs = performance.now() - started;
  const cpuMs = cpuOf(child.pid);
  child.kill();
  if (!hover || count !== 30_000)
    throw new Error(`lsp: hover ${JSON.stringify(hover)}, ${count} problems published`);
  return { hoverMs, allMs, cpuMs };
}

/** A child's CPU time so far (user + system, ms) from /proc; NaN where there is none. */
function cpuOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

export async function benchHostile({ runs = 3 } = {}) {
  const rows = [];
  const ratios = [];
  const extra = [];
  for (const c of cases()) {
    const times = [];
    const cpu = [];
    let rss = [];
    for (let i = 0; i < runs; i++) {
      const r = await measureNode([BIN, ...c.args], {
        cwd: c.dir,
        expectCode: 1,
        captureStdout: true,
      });
      if (!r.stdout.includes(c.expect))
        throw new Error(
          `${c.name}: the output does not say "${c.expect}":\n${r.stdout.slice(0, 2000)}`,
        );
      times.push(r.wallMs);
      cpu.push(r.cpuMs);
      rss = [...rss, r.maxRssMb];
    }
    const wall = median(times);
    extra.push(`${c.name}: CPU ${median(cpu).toFixed(0)} ms (wall on a busy machine exceeds it)`);
    rows.push([c.name, wall, median(rss)]);
    ratios.push({ label: `${c.name} ÷ 2 s`, value: wall / LIMIT_MS, target: 1 });
  }
  const lsp = [];
  for (let i = 0; i < runs; i++) lsp.push(await lspCase());
  const hover = median(lsp.map((r) => r.hoverMs));
  const all = median(lsp.map((r) => r.allMs));
  rows.push(['lsp 30,000 keys: start → hover answered', hover, NaN]);
  rows.push(['lsp 30,000 keys: start → 30,000 problems published', all, NaN]);
  extra.push(
    `lsp: CPU ${median(lsp.map((r) => r.cpuMs)).toFixed(0)} ms until all problems were published`,
  );
  ratios.push({ label: 'lsp hover ÷ 2 s', value: hover / LIMIT_MS, target: 1 });
  ratios.push({ label: 'lsp all problems ÷ 2 s', value: all / LIMIT_MS, target: 1 });
  return {
    name: 'hostile',
    shape: 'alias fan-out, CEL, regex, 40k keys, LSP 30k keys; each a whole process, median of 3',
    rows,
    extra,
    ratios,
  };
}

// The scenario as the editor sees it: compiled through the one entry `botform validate` uses
// (compile/project.ts) for one environment of the config — the one the editor names, else the
// first — with open documents' unsaved texts read instead of the disk. Its diagnostics are the
// config's and the compile's, as `validate --env` prints them. Parsed files are kept between runs
// (load/'s SourceCache) so an edit re-parses one file. Compiles are serialised; `fresh()` gives a
// snapshot of the documents as they are now, `latest()` whatever was compiled last.
import path from 'node:path';
import type { CompileResult } from '../compile/index.js';
import {
  compileProject,
  inputsOf,
  openProject,
  selectedOrFirst,
  stringVariables,
} from '../compile/project.js';
import { findTestFiles } from '../conversations/find.js';
import { sortDiagnostics } from '../diagnostics/make.js';
import { isScenarioFile } from '../load/find-files.js';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { readScenarioText } from '../load/read-text.js';
import type { SourceCache } from '../load/index.js';
import { occurrencesByFile, type Occurrence, type OccurrenceCache } from './occurrences.js';

export interface Snapshot {
  generation: number;
  /** The compile; its diagnostics include the config's (they are what validate prints). */
  result: CompileResult;
  /** The environment whose variables were used, when the config has environments. */
  environment: string | undefined;
  /** Absolute path of a file named in the result. */
  absolute(file: string): string;
  /** The text a file had when compiled (open document or disk), when it is YAML. */
  textOf(file: string): string | undefined;
  occurrences(): Map<string, Occurrence[]>;
  /** The `${var.NAME}` values the scenario was filled in with (for test files, as `botform test`). */
  variables?: { name: string; vars: ReadonlyMap<string, string> };
}

export class ScenarioWorkspace {
  private readonly cache: SourceCache = { yaml: new Map() };
  private readonly occurrenceCache: OccurrenceCache = new WeakMap();
  private readonly open = new Map<string, string>();
  private generation = 0;
  private last: Snapshot | undefined;
  private running: Promise<Snapshot> | undefined;
  /** Where the config says the conversation tests are (its folder, its `tests:` globs). */
  private testsAt: { dir: string; patterns: readonly string[] } | undefined;
  /** Step keys per file from the last time each file parsed: completion keeps working while a file is broken. */
  private readonly knownKeys = new Map<string, string[]>();

  /**
   * `shell`: the server's environment variables (BOTFORM_VAR_*, as for the CLI);
   * `environment`: the config's environment to check against (default: its first).
   */
  constructor(
    readonly root: string,
    private readonly options: {
      shell?: Readonly<Record<string, string | undefined>>;
      environment?: string | undefined;
    } = {},
  ) {}

  /** The editor chose another environment (a setting). */
  setEnvironment(name: string | undefined): void {
    if (name === this.options.environment) return;
    this.options.environment = name;
    this.generation++;
  }

  setDocument(absolute: string, text: string): void {
    this.open.set(absolute, text);
    this.generation++;
  }

  closeDocument(absolute: string): void {
    this.open.delete(absolute);
    this.generation++;
  }

  /** Something changed on disk (a save, a new file, the config). */
  touch(): void {
    this.generation++;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  latest(): Snapshot | undefined {
    return this.last;
  }

  async fresh(): Promise<Snapshot> {
    for (;;) {
      const last = this.last;
      if (last && last.generation === this.generation) return last;
      if (!this.running) this.running = this.compile().finally(() => (this.running = undefined));
      await this.running;
    }
  }

  /** Every step key the scenario has, including those of files that do not parse right now. */
  allKeys(): string[] {
    const keys = new Set<string>();
    for (const list of this.knownKeys.values()) for (const k of list) keys.add(k);
    return [...keys].sort();
  }

  private async compile(): Promise<Snapshot> {
    const generation = this.generation;
    const overlay = new Map(this.open);
    const project = await openProject({
      cwd: this.root,
      selection: { env: this.options.environment },
      overrides: { env: this.options.shell ?? {}, varFiles: [], vars: [] },
    });
    const environment = selectedOrFirst(project);
    this.testsAt = { dir: project.cfg.config.dir, patterns: project.cfg.config.tests };
    // No `scenario:` in a config: the folders of the open scenario files are the scenario.
    const paths =
      inputsOf(project, environment).length > 0
        ? []
        : [
            ...new Set(
              [...overlay.keys()]
                .filter((f) => isScenarioFile(path.basename(f)))
                .map((f) => path.dirname(f)),
            ),
          ];
    const compiled = await compileProject(project, {
      environment,
      paths,
      overlay,
      sourceCache: this.cache,
    });
    // As validate: while the config or its environments have errors, they are the problems to
    // show (the compile still feeds completion and navigation).
    const result: CompileResult = {
      ...compiled,
      diagnostics: project.diagnostics.some((d) => d.severity === 'error')
        ? project.diagnostics
        : sortDiagnostics([...project.diagnostics, ...compiled.diagnostics]),
    };
    const byFile = new Map<string, string[]>();
    for (const step of result.scenario.steps.values()) {
      const list = byFile.get(step.origin.file);
      if (list) list.push(step.key);
      else byFile.set(step.origin.file, [step.key]);
    }
    const parsedFiles = new Set(result.files);
    for (const file of [...this.knownKeys.keys()])
      if (!parsedFiles.has(file)) this.knownKeys.delete(file);
    for (const file of result.files) {
      const cached = this.cache.yaml.get(this.absolute(file));
      // A file that does not parse keeps the keys it had; one that parses says what it has now.
      if (cached?.source.value === undefined && cached !== undefined) continue;
      this.knownKeys.set(file, byFile.get(file) ?? []);
    }
    let occurrences: Map<string, Occurrence[]> | undefined;
    const snapshot: Snapshot = {
      generation,
      result,
      environment: environment?.name,
      variables: stringVariables(project, environment),
      absolute: (file) => this.absolute(file),
      textOf: (file) => {
        const absolute = this.absolute(file);
        return overlay.get(absolute) ?? this.cache.yaml.get(absolute)?.text;
      },
      occurrences: () => (occurrences ??= occurrencesByFile(result, this.occurrenceCache)),
    };
    this.last = snapshot;
    return snapshot;
  }

  absolute(file: string): string {
    return path.resolve(this.root, file);
  }

  /** The conversation test files (*.test.yaml) of the config, open documents' texts first. */
  async testTexts(): Promise<{ absolute: string; text: string }[]> {
    const at = this.testsAt ?? { dir: this.root, patterns: [] };
    const found = await findTestFiles([], this.root, at.dir, at.patterns);
    const out: { absolute: string; text: string }[] = [];
    for (const absolute of found.files) {
      const open = this.open.get(absolute);
      if (open !== undefined) out.push({ absolute, text: open });
      else {
        // Bounded as every file botform reads; one that cannot be read is not edited.
        const read = await readScenarioText(absolute, DEFAULT_LIMITS.maxFileBytes);
        if (read.ok) out.push({ absolute, text: read.text });
      }
    }
    return out;
  }
}

// Plan problems and warnings as diagnostics of the one model: the plan (pure) names the step a
// finding is about; here, with the compiled scenario's locators, it gets its file:line:col.
import { diagnosticAt } from '../diagnostics/make.js';
import type { Code } from '../diagnostics/codes.js';
import { START_OF_FILE, type Diagnostic } from '../diagnostics/types.js';
import type { CompiledScenario } from './compile-for-command.js';

export interface PlanFinding {
  code: Code;
  message: string;
  /** The scenario key the finding is about, when there is one. */
  step?: string;
}

export function planFindingDiagnostics(
  findings: readonly PlanFinding[],
  compiled: CompiledScenario,
): Diagnostic[] {
  // With no step to point at (it is gone from the files), the config holds what decides it
  // (ignore patterns); without a config, the first scenario file.
  const fallback = compiled.config.file ?? compiled.files[0] ?? '.';
  return findings.flatMap((f) => {
    const step = f.step === undefined ? undefined : compiled.scenario.steps.get(f.step);
    if (!step) return [diagnosticAt(f.code, f.message, fallback, START_OF_FILE)];
    const range =
      compiled.locators.get(step.origin.file)?.locate(step.origin.path, 'key') ?? START_OF_FILE;
    return [diagnosticAt(f.code, f.message, step.origin.file, range, step.origin.path)];
  });
}

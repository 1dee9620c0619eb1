// Reuse across compiles of the same scenario shape (watch mode, the editor, property tests): the
// typed environment and the analyses depend only on the variable table, so they are kept for
// the last few tables seen, keyed by a signature of the table. Bounded, and pure in effect.
import type { Environment } from '@marcbachmann/cel-js';
import { typedEnvironment } from './cel-env.js';
import type { Analysis } from './analyze.js';
import { registerVariable, type VarType } from './types.js';

const MAX_TABLES = 4;
const MAX_ANALYSES = 20_000;

export interface TableMemo {
  environment(): Environment;
  analyses: Map<string, Analysis>;
}

const memos = new Map<string, TableMemo>();

function signatureOf(type: VarType): string {
  switch (type.kind) {
    case 'list':
      return `[${signatureOf(type.of)}]`;
    case 'object':
      return `{${[...type.fields].map(([k, t]) => `${JSON.stringify(k)}:${signatureOf(t)}`).join(',')}}`;
    default:
      return type.kind;
  }
}

export function memoFor(types: ReadonlyMap<string, VarType>): TableMemo {
  const signature = [...types].map(([name, type]) => `${name}=${signatureOf(type)}`).join(';');
  let memo = memos.get(signature);
  if (memo) {
    // Most recently used last.
    memos.delete(signature);
    memos.set(signature, memo);
    if (memo.analyses.size > MAX_ANALYSES) memo.analyses.clear();
    return memo;
  }
  let env: Environment | undefined;
  memo = {
    environment() {
      if (!env) {
        env = typedEnvironment();
        for (const [name, type] of types) registerVariable(env, name, type);
      }
      return env;
    },
    analyses: new Map(),
  };
  memos.set(signature, memo);
  if (memos.size > MAX_TABLES) memos.delete(memos.keys().next().value as string);
  return memo;
}

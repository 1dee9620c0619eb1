// A sequential order in which every call is valid when made: a topological order of dependsOn,
// preferring creates, then updates, then deletions, and otherwise keeping the order of
// discovery, so that the same inputs always give the same plan.
import { MinHeap } from './heap.js';
import type { PlanOperation } from './types.js';

function rank(op: PlanOperation): number {
  if (op.phase === 'link') return 1;
  if (op.phase === 'unlink') return 6;
  const kind = op.address.kind;
  switch (op.action) {
    case 'create':
      return kind === 'step' ? 0 : 2;
    case 'update':
      return kind === 'step' ? 3 : kind === 'menu_item' ? 4 : 5;
    case 'delete':
      return kind === 'menu_item' ? 7 : 8;
  }
}

export function orderOperations(operations: readonly PlanOperation[]): PlanOperation[] {
  interface Entry {
    op: PlanOperation;
    key: number;
    waiting: number;
  }
  const byId = new Map<string, Entry>(
    operations.map((op, i) => [op.id, { op, key: rank(op) * 1e9 + i, waiting: 0 }]),
  );
  const dependents = new Map<string, Entry[]>();
  for (const entry of byId.values()) {
    for (const dep of entry.op.dependsOn) {
      if (!byId.has(dep))
        throw new Error(`plan operation ${entry.op.id} depends on unknown ${dep}`);
      entry.waiting++;
      const list = dependents.get(dep);
      if (list) list.push(entry);
      else dependents.set(dep, [entry]);
    }
  }
  const ready = new MinHeap<Entry>((a, b) => a.key < b.key);
  for (const entry of byId.values()) if (entry.waiting === 0) ready.push(entry);
  const out: PlanOperation[] = [];
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    out.push(next.op);
    for (const entry of dependents.get(next.op.id) ?? [])
      if (--entry.waiting === 0) ready.push(entry);
  }
  if (out.length !== operations.length) {
    const placed = new Set(out);
    const stuck = operations.filter((op) => !placed.has(op)).map((op) => op.id);
    throw new Error(`plan operations form a dependency cycle: ${stuck.slice(0, 5).join(', ')}`);
  }
  return out;
}

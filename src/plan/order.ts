// A sequential order in which every call is valid when made: a topological order of dependsOn,
// preferring creates, then updates, then deletions, and otherwise keeping the order of
// discovery, so that the same inputs always give the same plan.
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
  const byId = new Map(operations.map((op, i) => [op.id, { op, i, waiting: 0 }]));
  const dependents = new Map<string, string[]>();
  for (const op of operations) {
    const entry = byId.get(op.id);
    if (!entry) continue;
    for (const dep of op.dependsOn) {
      if (!byId.has(dep)) throw new Error(`plan operation ${op.id} depends on unknown ${dep}`);
      entry.waiting++;
      dependents.set(dep, [...(dependents.get(dep) ?? []), op.id]);
    }
  }
  const key = (e: { op: PlanOperation; i: number }) => rank(e.op) * 1e9 + e.i;
  const ready = [...byId.values()].filter((e) => e.waiting === 0).sort((a, b) => key(a) - key(b));
  const out: PlanOperation[] = [];
  while (ready.length > 0) {
    const next = ready.shift() as { op: PlanOperation; i: number };
    out.push(next.op);
    for (const id of dependents.get(next.op.id) ?? []) {
      const entry = byId.get(id) as { op: PlanOperation; i: number; waiting: number };
      if (--entry.waiting === 0) {
        // Insert keeping `ready` sorted; plans are small enough that a linear insert is fine.
        const at = ready.findIndex((e) => key(e) > key(entry));
        ready.splice(at < 0 ? ready.length : at, 0, entry);
      }
    }
  }
  if (out.length !== operations.length) {
    const stuck = operations.filter((op) => !out.includes(op)).map((op) => op.id);
    throw new Error(`plan operations form a dependency cycle: ${stuck.slice(0, 5).join(', ')}`);
  }
  return out;
}

// How an operation reads in progress lines and failure reports.
import type { PlanOperation } from '../plan/types.js';

const VERB = { create: 'created', update: 'updated', delete: 'deleted' } as const;
const MARK = { create: '+', update: '~', delete: '-' } as const;

export function describeOperation(op: PlanOperation): string {
  const what =
    op.address.kind === 'shop'
      ? 'start step of the shop'
      : op.address.kind === 'step'
        ? `step ${quote(op.address.key)}`
        : `button ${(op.address.index ?? 0) + 1}${op.address.label !== undefined ? ` ${quote(op.address.label)}` : ''} of step ${quote(op.address.key)}`;
  if (op.phase === 'link') return `${what} (references closing a cycle)`;
  if (op.phase === 'unlink') return `${what} (references cleared before deletion)`;
  return what;
}

/** Quoted as the plan shows names: quotes and control characters escaped. */
function quote(text: string): string {
  return JSON.stringify(text);
}

export function doneLine(op: PlanOperation, id?: number): string {
  const verb =
    op.phase === 'link' ? 'linked' : op.phase === 'unlink' ? 'unlinked' : VERB[op.action];
  return `${MARK[op.action]} ${verb} ${describeOperation(op)}${id !== undefined && op.action === 'create' ? ` (id ${id})` : ''}`;
}

export function countDone(ops: readonly PlanOperation[]): {
  created: number;
  updated: number;
  deleted: number;
} {
  // Links and unlinks of steps are extra calls on objects counted once; a button removed by an
  // unlink is deleted like any other.
  const entity = ops.filter((op) => op.phase === undefined);
  return {
    created: entity.filter((op) => op.action === 'create').length,
    updated: entity.filter((op) => op.action === 'update').length,
    deleted: ops.filter((op) => op.action === 'delete').length,
  };
}

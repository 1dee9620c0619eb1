// What every step may have, whatever its type: the common fields' roles and their place in the
// canonical layout. A type's own fields and transitions come from its entry; together they say
// what each field of a step is for (roles.ts reads them all).
import type { FieldRole } from './types.js';

/** The roles of the fields every step type's schema has (or may have). */
export const COMMON_FIELD_ROLES: Readonly<Record<string, readonly FieldRole[]>> = {
  type: [{ role: 'about' }],
  description: [{ role: 'about' }],
  text: [{ role: 'template', at: [] }],
  menu: [
    { role: 'buttons' },
    { role: 'template', at: ['*', 'text'] },
    { role: 'template', at: ['*', 'url'] },
    { role: 'transition', at: ['*', 'goto'] },
  ],
  next: [{ role: 'transition', at: [] }],
  renamed_from: [{ role: 'about' }],
  end: [{ role: 'about' }],
  protect: [{ role: 'about' }],
};

/** The canonical layout of a step: these first, then the type's own fields (in `params` order). */
export const LAYOUT_HEAD: readonly string[] = ['type', 'description', 'text'];
/** ...then the buttons and `next`, the type's transitions written beside `next`, then these. */
export const LAYOUT_BEFORE_NEXT: readonly string[] = ['menu', 'next'];
export const LAYOUT_TAIL: readonly string[] = ['renamed_from', 'end', 'protect'];

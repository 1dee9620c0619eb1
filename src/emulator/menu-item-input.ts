// What a client may send for a menu item, checked for shape and bounds. The rules that need the
// whole item (exactly one of next_step and url) or the shop (do the steps exist) come later.
import { API_LIMITS, READ_ONLY_FIELDS } from '../remote/contract.js';
import { fieldErrors } from './api-error.js';
import {
  FieldCollector,
  asBody,
  checkKnownFields,
  isHttpUrl,
  readInteger,
  readStepId,
  readString,
} from './fields.js';
import type { MenuItemData } from './store/menu-items.js';

const WRITABLE = ['step', 'text', 'next_step', 'url', 'position'] as const;

/** A new item: step and text required. Throws a 400. */
export function parseMenuItemCreate(
  raw: unknown,
): Partial<MenuItemData> & Pick<MenuItemData, 'step' | 'text'> {
  const { step, text, ...rest } = parseMenuItemInput(raw, true);
  // parseMenuItemInput has already answered 400 if either is missing; this only tells the compiler.
  if (step === undefined || text === undefined)
    throw fieldErrors({ non_field_errors: ['step and text are required.'] });
  return { step, text, ...rest };
}

/** A partial update: only the fields sent. Throws a 400. */
export function parseMenuItemPatch(raw: unknown): Partial<MenuItemData> {
  return parseMenuItemInput(raw, false);
}

function parseMenuItemInput(raw: unknown, required: boolean): Partial<MenuItemData> {
  const body = asBody(raw);
  const out = new FieldCollector();
  checkKnownFields(body, WRITABLE, READ_ONLY_FIELDS.menuItem, out);
  const step = readStepId(body, 'step', { required, nullable: false }, out);
  const text = readString(
    body,
    'text',
    { required, nullable: false, min: 1, max: API_LIMITS.menuTextLength },
    out,
  );
  const next = readStepId(body, 'next_step', { required: false, nullable: true }, out);
  const url = readString(
    body,
    'url',
    { required: false, nullable: true, min: 1, max: API_LIMITS.urlLength },
    out,
  );
  if (typeof url === 'string' && !isHttpUrl(url))
    out.add('url', 'Enter a valid URL (http or https).');
  const position = readInteger(
    body,
    'position',
    { required: false, nullable: false, min: 0, max: API_LIMITS.positionMax },
    out,
  );
  if (!out.ok) throw fieldErrors(out.errors);
  const data: Partial<MenuItemData> = {};
  if (step != null) data.step = step;
  if (text != null) data.text = text;
  if (next !== undefined) data.next_step = next;
  if (url !== undefined) data.url = url;
  if (position != null) data.position = position;
  return data;
}

/** A button either moves to a step or opens a link: exactly one of the two. */
export function checkTarget(item: Pick<MenuItemData, 'next_step' | 'url'>): void {
  if ((item.next_step === null) === (item.url === null)) {
    throw fieldErrors({ non_field_errors: ['A menu item needs exactly one of next_step or url.'] });
  }
}

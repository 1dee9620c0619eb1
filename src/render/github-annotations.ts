// GitHub Actions annotations (`::error file=…,line=…::message`) for every command's `--format
// github`. GitHub shows at most 10 annotations of each level per step and drops the rest
// silently, so the ones a reviewer sees are chosen here: the run's verdict first, then by level
// (errors, warnings, notices), then those on lines of the change under review, then by place.
// What does not fit is counted in one closing notice that says where to see it all.
import { type InChange, reviewOrder } from './review-order.js';
import { plural } from '../plural.js';

type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  title: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface AnnotationOptions {
  /** Annotations on changed lines come first within their level. */
  inChange?: InChange;
  /** Where the reader finds every problem when some are not shown ("the job summary …"). */
  seeAll: string;
}

/** GitHub's limit per level and step (docs: "Workflow commands", annotation limits). */
export const ANNOTATIONS_PER_LEVEL = 10;

const LEVELS: readonly AnnotationLevel[] = ['error', 'warning', 'notice'];

export const escapeData = (s: string): string =>
  s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string =>
  escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * The workflow commands, capped and ordered. `pinned` annotations (the verdict of the run) come
 * before all others and are never left out.
 */
export function renderAnnotations(
  annotations: readonly Annotation[],
  options: AnnotationOptions,
  pinned: readonly Annotation[] = [],
): string {
  const sorted = reviewOrder(
    annotations.map((a) => ({ ...a, rank: LEVELS.indexOf(a.level) })),
    options.inChange,
  );
  const room = new Map<AnnotationLevel, number>();
  for (const level of LEVELS)
    room.set(
      level,
      Math.max(0, ANNOTATIONS_PER_LEVEL - pinned.filter((p) => p.level === level).length),
    );
  const total = (level: AnnotationLevel) => sorted.filter((a) => a.level === level).length;
  // The closing notice takes a notice's place when anything is left out.
  const leftOut = LEVELS.some((level) => total(level) > (room.get(level) ?? 0));
  if (leftOut) room.set('notice', Math.max(0, (room.get('notice') ?? 0) - 1));
  const shown: Annotation[] = [...pinned];
  const hidden: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  for (const a of sorted) {
    const left = room.get(a.level) ?? 0;
    if (left > 0) {
      shown.push(a);
      room.set(a.level, left - 1);
    } else hidden[a.level]++;
  }
  const lines = shown.map(command);
  const count = hidden.error + hidden.warning + hidden.notice;
  if (count > 0) {
    const parts = LEVELS.filter((l) => hidden[l] > 0).map((l) => plural(hidden[l], l));
    lines.push(
      command({
        level: 'notice',
        title: `botform: ${count} more not shown`,
        message: `${count} more annotation${count === 1 ? ' is' : 's are'} not shown (${parts.join(', ')}): GitHub shows ${ANNOTATIONS_PER_LEVEL} of each level per step. See all of them in ${options.seeAll}.`,
      }),
    );
  }
  return lines.join('');
}

function command(a: Annotation): string {
  const props: string[] = [];
  if (a.file !== undefined) props.push(`file=${escapeProperty(a.file)}`);
  if (a.line !== undefined) props.push(`line=${a.line}`);
  if (a.column !== undefined) props.push(`col=${a.column}`);
  if (a.endLine !== undefined) props.push(`endLine=${a.endLine}`);
  if (a.endColumn !== undefined) props.push(`endColumn=${a.endColumn}`);
  props.push(`title=${escapeProperty(a.title)}`);
  return `::${a.level} ${props.join(',')}::${escapeData(a.message)}\n`;
}

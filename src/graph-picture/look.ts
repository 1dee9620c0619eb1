// How a step and a transition look, decided once for every drawing (Graphviz and the overview
// layout): fill and border by type and problem, dashed when unreachable or never walked, double
// when it ends the conversation; arrows by kind, green or grey with coverage, red in a loop.
import type { PictureEdge, PictureNode } from './model.js';
import { MARK, styleOfType } from './type-styles.js';

export interface NodeLook {
  fill: string;
  border: string;
  dashed: boolean;
  width: number;
  /** A second border: the step ends the conversation. */
  double: boolean;
  /** Words under the step's text: its problem, if any. */
  badge?: { text: string; color: string };
}

export function nodeLook(n: PictureNode): NodeLook {
  if (n.type === 'missing')
    return {
      fill: MARK.problemFill,
      border: MARK.problem,
      dashed: true,
      width: 2,
      double: false,
      badge: { text: 'missing step', color: MARK.problem },
    };
  const style = styleOfType(n.type);
  const loop = n.problems.includes('loop');
  const unreachable = n.problems.includes('unreachable');
  const error = n.problems.includes('error');
  const unwalked = n.hits === 0;
  const look: NodeLook = {
    fill: unwalked ? '#ffffff' : style.fill,
    border: loop || error ? MARK.problem : unreachable ? MARK.unreachable : style.border,
    dashed: unreachable || unwalked,
    width: loop || error || unreachable ? 2.5 : 1.2,
    double: n.end,
  };
  if (loop) look.badge = { text: '⟳ endless loop', color: MARK.problem };
  else if (error)
    look.badge = {
      text: `✖ ${n.messages.length === 1 ? '1 problem' : `${n.messages.length} problems`}`,
      color: MARK.problem,
    };
  else if (unreachable) look.badge = { text: 'unreachable', color: MARK.unreachable };
  return look;
}

export interface EdgeLook {
  color: string;
  style: 'solid' | 'dashed' | 'dotted';
  width: number;
}

export function edgeLook(e: PictureEdge, coverage: boolean): EdgeLook {
  let color: string = MARK.automatic;
  let style: EdgeLook['style'] = 'solid';
  let width = 1.4;
  if (e.kind === 'button') {
    color = MARK.button;
    width = 1;
  } else if (e.kind === 'on_error') {
    color = MARK.onError;
    style = 'dotted';
  } else if (!e.automatic) {
    style = 'dashed';
  }
  if (coverage) {
    if ((e.hits ?? 0) > 0) {
      color = MARK.walked;
      width = 2.2;
      style = 'solid';
    } else {
      color = '#8c959f';
      style = 'dashed';
    }
  }
  if (e.inLoop || e.dangling) {
    color = MARK.problem;
    width = 2.5;
    if (e.dangling) style = 'dashed';
  }
  return { color, style, width };
}

/** The subtitle of a step: type, file:line, hits. */
export function nodeSubtitle(n: PictureNode): string {
  return `${n.type} · ${n.file.slice(n.file.lastIndexOf('/') + 1)}:${n.line}${n.hits !== undefined ? ` · ${n.hits}×` : ''}`;
}

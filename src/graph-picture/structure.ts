// What every drawing of a picture needs to know about its shape, computed once: how deep each
// step is from the start and entry points, which steps are hubs (many steps' buttons lead back
// to them, like a main menu), and which edges are drawn as small `↩ key` tags beside their step
// instead of arrows crossing the whole picture. Linear in nodes and edges.
import type { Picture, PictureEdge } from './model.js';

/** A step that this many other steps' buttons lead to is a hub. */
export const HUB_MIN_SOURCES = 5;

export interface Shape {
  /** Transitions from the start and entry points, breadth first; unreached steps are absent. */
  depth: Map<string, number>;
  hubs: Set<string>;
  /** Index in picture.edges of each edge drawn as a tag. */
  tags: Set<number>;
}

export function pictureShape(picture: Picture, hubTags = true): Shape {
  const depth = depthFromEntries(picture);
  const hubs = hubTags ? hubSteps(picture) : new Set<string>();
  const tags = new Set<number>();
  picture.edges.forEach((e, i) => {
    if (isTag(e, hubs, depth)) tags.add(i);
  });
  return { depth, hubs, tags };
}

/** A button back (not deeper) to a hub: drawn as a tag linking to the hub, not as an arrow. */
function isTag(e: PictureEdge, hubs: Set<string>, depth: Map<string, number>): boolean {
  if (!hubs.has(e.to) || e.kind !== 'button' || e.from === e.to || e.dangling) return false;
  const to = depth.get(e.to);
  return to !== undefined && (depth.get(e.from) ?? Number.POSITIVE_INFINITY) >= to;
}

function hubSteps(picture: Picture): Set<string> {
  const sources = new Map<string, Set<string>>();
  for (const e of picture.edges) {
    if (e.kind !== 'button' || e.from === e.to) continue;
    let set = sources.get(e.to);
    if (!set) {
      set = new Set<string>();
      sources.set(e.to, set);
    }
    set.add(e.from);
  }
  const hubs = new Set<string>();
  for (const [key, from] of sources) if (from.size >= HUB_MIN_SOURCES) hubs.add(key);
  return hubs;
}

/** Successors of each step, in edge order. */
export function successorLists(picture: Picture): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const e of picture.edges) {
    const list = next.get(e.from);
    if (list) list.push(e.to);
    else next.set(e.from, [e.to]);
  }
  return next;
}

function depthFromEntries(picture: Picture): Map<string, number> {
  const next = successorLists(picture);
  const depth = new Map<string, number>();
  const queue = picture.nodes.filter((n) => n.start || n.entry).map((n) => n.key);
  for (const key of queue) depth.set(key, 0);
  for (let head = 0; head < queue.length; head++) {
    const key = queue[head] as string;
    for (const to of next.get(key) ?? []) {
      if (depth.has(to)) continue;
      depth.set(to, (depth.get(key) ?? 0) + 1);
      queue.push(to);
    }
  }
  return depth;
}

import type { Ref } from 'preact';
/**
 * Where a node's card goes: beside its node (right of it, or left of it in the right part of
 * the stage), then shifted so the whole card stays inside the viewport and the stage's height.
 * On a 390 px phone a card beside a node near the edge was cut off; now it slides over.
 */

/** Gap between the node and the card, CSS px. */
const GAP = 14;
/** Least distance from the viewport's edges, CSS px. */
const EDGE = 6;

/** Places card `el` (absolutely positioned in its stage) for a node drawn at (x, y) stage px. */
export function placeCard(el: HTMLElement, x: number, y: number): void {
  const stage = el.offsetParent as HTMLElement | null;
  const stageWidth = stage?.clientWidth || 400;
  const stageHeight = stage?.clientHeight || 400;
  const stageLeft = stage?.getBoundingClientRect().left ?? 0;
  const w = el.offsetWidth;
  const h = el.offsetHeight;
  let left = x > stageWidth * 0.6 ? x - w - GAP : x + GAP;
  // Inside the viewport: from its left edge (stageLeft + left ≥ EDGE) to its right edge.
  const viewport = document.documentElement.clientWidth || window.innerWidth;
  left = Math.min(left, viewport - EDGE - w - stageLeft);
  left = Math.max(left, EDGE - stageLeft);
  const top = Math.max(0, Math.min(y - h / 2, stageHeight - h));
  // The node the card belongs to, for tests and tools: its box is beside it, not on it.
  el.dataset['anchorX'] = String(Math.round(x));
  el.dataset['anchorY'] = String(Math.round(y));
  el.style.transform = 'none';
  el.style.left = `${Math.round(left)}px`;
  el.style.top = `${Math.round(top)}px`;
}

/** Gives `el` to a caller's ref (object or callback), as `ref={…}` would. */
export function setRef<T>(ref: Ref<T> | undefined, el: T | null): void {
  if (typeof ref === 'function') ref(el);
  else if (ref) ref.current = el;
}

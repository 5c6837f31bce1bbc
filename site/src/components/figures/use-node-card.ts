/**
 * The sample card of a figure: which node it shows (hovered, walked to with the keyboard, or
 * pinned), and where that node is drawn right now, so the card follows it while the layout
 * moves. Keyboard on the canvas: arrows walk to the nearest node in that direction (Shift:
 * a longer step), Enter or Space pins its card, Escape clears.
 */
import { placeCard } from '../ui/place-card.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PointerPick, Scene } from '../../lib/render/scene.ts';
import { nearestNode, nodeInDirection } from '../../lib/walk.ts';

export interface NodeRef {
  panel: string;
  index: number;
}

export interface NodeCard extends NodeRef {
  pinned: boolean;
  /** From the keyboard (announced in the live region) rather than the pointer. */
  keyboard: boolean;
  /** Where the node is drawn, CSS px relative to the canvas. */
  x: number;
  y: number;
}

interface Options {
  scene: Scene | null;
  canvas: { current: HTMLCanvasElement | null };
  /** The panel the arrow keys walk in. */
  keyPanel: string;
  /** The pinned node (state owned by the figure, e.g. in the URL). */
  pinned: NodeRef | null;
  onPin: (node: NodeRef | null) => void;
}

const KEYS: Record<string, [number, number]> = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowUp: [0, 1],
  ArrowDown: [0, -1],
};
/** Shift+arrow skips at least this far (box units, the layout spans 2). */
const LONG_STEP = 0.2;

export function useNodeCard({ scene, canvas, keyPanel, pinned, onPin }: Options) {
  const [focus, setFocus] = useState<(NodeRef & { keyboard: boolean }) | null>(null);
  const state = useRef({ focus, pinned, onPin });
  state.current = { focus, pinned, onPin };

  useEffect(() => {
    const el = canvas.current;
    if (!scene || !el) return;
    const onKey = (e: KeyboardEvent) => {
      const { focus: now, pinned: pin, onPin: pinNode } = state.current;
      const dir = KEYS[e.key];
      if (dir) {
        e.preventDefault();
        const from = now?.panel === keyPanel ? now.index : pin?.panel === keyPanel ? pin.index : -1;
        const xy = scene.positions(keyPanel);
        const next =
          from < 0
            ? nearestNode(xy, 0, 0)
            : nodeInDirection(xy, from, dir[0], dir[1], e.shiftKey ? LONG_STEP : 0);
        if (next >= 0) setFocus({ panel: keyPanel, index: next, keyboard: true });
      } else if ((e.key === 'Enter' || e.key === ' ') && now) {
        e.preventDefault();
        pinNode({ panel: now.panel, index: now.index });
      } else if (e.key === 'Escape' && (now || pin)) {
        e.preventDefault();
        setFocus(null);
        pinNode(null);
      }
    };
    const onBlur = () => setFocus((f) => (f?.keyboard ? null : f));
    el.addEventListener('keydown', onKey);
    el.addEventListener('blur', onBlur);
    return () => {
      el.removeEventListener('keydown', onKey);
      el.removeEventListener('blur', onBlur);
    };
  }, [scene, keyPanel]);

  const shown = focus ?? pinned;
  const isPinned =
    !!shown && !!pinned && shown.panel === pinned.panel && shown.index === pinned.index;

  // Follow the node on every redraw (tweens, scrubbing, pan and zoom). The card is moved
  // directly in the DOM, without a render per frame; each render places it where its node is
  // drawn now (so the render that changes the node never shows it at the previous dot).
  const element = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (!scene || !shown) return;
    return scene.onRender(() => {
      const p = scene.nodeScreen(shown.panel, shown.index);
      const el = element.current;
      if (!p || !el) return;
      placeCard(el, p.x, p.y);
    });
  }, [scene, shown?.panel, shown?.index]);

  const where = shown && scene ? scene.nodeScreen(shown.panel, shown.index) : null;
  const card: NodeCard | null =
    shown && where
      ? {
          panel: shown.panel,
          index: shown.index,
          pinned: isPinned,
          keyboard: focus?.keyboard ?? false,
          x: where.x,
          y: where.y,
        }
      : null;

  return {
    card,
    /** Give this to the card's root element, so it follows its node. */
    cardRef: element,
    /** Ringed nodes: the pinned one and the one under the pointer or keyboard. */
    marks: [pinned?.index, focus?.index].filter((i): i is number => i !== undefined),
    onHover(pick: PointerPick | null) {
      setFocus((f) => {
        if (!pick || pick.index < 0) return f?.keyboard ? f : null;
        const same = f && !f.keyboard && f.panel === pick.panel && f.index === pick.index;
        return same ? f : { panel: pick.panel, index: pick.index, keyboard: false };
      });
    },
    onClick(pick: PointerPick | null) {
      setFocus(null);
      onPin(pick && pick.index >= 0 ? { panel: pick.panel, index: pick.index } : null);
    },
  };
}

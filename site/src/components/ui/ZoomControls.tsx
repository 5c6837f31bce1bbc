/**
 * Zoom in, zoom out and reset, over the plot's corner (or among the controls beside it),
 * reachable by keyboard; and the hint a plain wheel over the plot shows in the article, where
 * the wheel scrolls the page and zooms only with Ctrl or ⌘ held.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Scene } from '../../lib/render/scene.ts';

/** Zoom step of one button press, in powers of 2. */
const STEP = 0.5;
/** How long the wheel hint stays, ms. */
const HINT_MS = 1500;

/** The three buttons; `inline` places them among the controls (a grid of panels with no free corner). */
export function ZoomButtons({ scene, inline = false }: { scene: Scene | null; inline?: boolean }) {
  return (
    <div class={inline ? 'sv-zoom sv-zoom--inline' : 'sv-zoom'} role="group" aria-label="Zoom">
      <button
        type="button"
        class="sv-zoom-button sv-zoom-in"
        aria-label="Zoom in"
        title="Zoom in"
        disabled={!scene}
        onClick={() => scene?.zoomBy(STEP)}
      >
        +
      </button>
      <button
        type="button"
        class="sv-zoom-button sv-zoom-out"
        aria-label="Zoom out"
        title="Zoom out"
        disabled={!scene}
        onClick={() => scene?.zoomBy(-STEP)}
      >
        −
      </button>
      <button
        type="button"
        class="sv-zoom-button sv-reset"
        aria-label="Reset zoom"
        title="Reset zoom"
        disabled={!scene}
        onClick={() => scene?.resetViews()}
      >
        ⟲
      </button>
    </div>
  );
}

/** "Ctrl + scroll to zoom" (⌘ on a Mac) for a moment after a wheel without Ctrl or ⌘ over the canvas; place it over the stage. */
export function WheelHint({ canvas }: { canvas: { current: HTMLCanvasElement | null } }) {
  const [hint, setHint] = useState(false);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    let timer = 0;
    const onWheel = (e: WheelEvent) => {
      if (e.ctrlKey || e.metaKey) return;
      setHint(true);
      clearTimeout(timer);
      timer = window.setTimeout(() => setHint(false), HINT_MS);
    };
    el.addEventListener('wheel', onWheel, { passive: true });
    return () => {
      clearTimeout(timer);
      el.removeEventListener('wheel', onWheel);
    };
  }, [canvas.current]);
  if (!hint) return null;
  const mac = /Mac|iP(hone|ad)/.test(navigator.platform);
  return (
    <p class="sv-zoom-hint" aria-hidden="true">
      {mac ? '⌘' : 'Ctrl'} + scroll to zoom
    </p>
  );
}

interface Props {
  scene: Scene | null;
  canvas: { current: HTMLCanvasElement | null };
  /** Show the wheel hint (article figures). @default false */
  wheelHint?: boolean;
}

/** The buttons over the plot's corner, with the wheel hint in the article. */
export function ZoomControls({ scene, canvas, wheelHint = false }: Props) {
  return (
    <>
      <ZoomButtons scene={scene} />
      {wheelHint && <WheelHint canvas={canvas} />}
    </>
  );
}

/**
 * Zoom in, zoom out and reset, over the plot's corner, reachable by keyboard; with `wheelHint`,
 * a plain wheel over the plot (which scrolls the page: figures in an article zoom with Ctrl or
 * ⌘ held) shows for a moment how to zoom instead.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Scene } from '../../lib/render/scene.ts';

/** Zoom step of one button press, in powers of 2. */
const STEP = 0.5;
/** How long the wheel hint stays, ms. */
const HINT_MS = 1500;

interface Props {
  scene: Scene | null;
  canvas: { current: HTMLCanvasElement | null };
  /** Show "Ctrl + scroll to zoom" when a wheel without Ctrl or ⌘ turns over the plot. */
  wheelHint?: boolean;
}

export function ZoomControls({ scene, canvas, wheelHint = false }: Props) {
  const [hint, setHint] = useState(false);
  useEffect(() => {
    const el = canvas.current;
    if (!wheelHint || !el) return;
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
  }, [canvas.current, wheelHint]);
  const mac = typeof navigator !== 'undefined' && /Mac|iP(hone|ad)/.test(navigator.platform);
  return (
    <>
      <div class="sv-zoom" role="group" aria-label="Zoom">
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
      {hint && (
        <p class="sv-zoom-hint" aria-hidden="true">
          {mac ? '⌘' : 'Ctrl'} + scroll to zoom
        </p>
      )}
    </>
  );
}

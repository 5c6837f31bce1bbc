/**
 * Lifecycle shared by every figure island: check WebGL2, load the data and deck.gl (dynamic
 * import), give the figure's Scene its layout once the data is in, draw it with deck.gl
 * (started as soon as it is there, so the GPU device and shaders warm up while the data
 * downloads), and track the figure state for the DOM hook `data-state` and for
 * `window.__structviz`. `retry` reloads after an error or a lost context. `engaged` turns
 * true at the reader's first press, touch, focus or key inside the figure: figures open on
 * head files and load the rest then.
 *
 * deck.gl's chunk is most of a figure's bytes (≈ 200 KB gz): on a slow phone it took the
 * link from the figure's own code and data, and its parsing took the main thread from the
 * first draw. So unless it is already in the page (another island imported it, or the idle
 * prefetch fetched it), a figure first draws its data with a CanvasRenderer on the 2-D canvas
 * under the WebGL one (state `preview`: drawn, and the controls answer), and only then
 * imports deck.gl; the scene then hands over to WebGL with nothing lost (state `ready`).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describeError } from '../../lib/data/errors.ts';
import { registerFigure, type FigureState } from '../../lib/globals.ts';
import { prefersReducedMotion } from '../../lib/motion.ts';
import { CanvasRenderer } from '../../lib/render/canvas-scene.ts';
import {
  Scene,
  type PanelView,
  type PointerPick,
  type SceneLayout,
} from '../../lib/render/scene.ts';
import type { FrameHooks } from '../ui/FigureFrame.tsx';
import { hasWebGL2 } from '../../lib/webgl.ts';

export interface FigureHooks<D> {
  state: FigureState;
  data: D | null;
  scene: Scene | null;
  canvasRef: { current: HTMLCanvasElement | null };
  /** State, message, canvas and retry for the FigureFrame: `<FigureFrame {...fig.frame} …>`. */
  frame: FrameHooks;
  /** True under prefers-reduced-motion (kept up to date). */
  reducedMotion: boolean;
  /** True when the page is in dark mode. */
  dark: boolean;
  /** True once the reader pressed, touched, focused or typed inside the figure. */
  engaged: boolean;
}

const ENGAGING = ['pointerdown', 'touchstart', 'focusin', 'keydown'] as const;

/** True from the first engaging event inside the figure around `canvas`. */
function useEngaged(canvas: { current: HTMLCanvasElement | null }, state: FigureState): boolean {
  const [engaged, setEngaged] = useState(false);
  useEffect(() => {
    const root = canvas.current?.closest('figure');
    if (engaged || !root) return;
    const on = () => setEngaged(true);
    for (const type of ENGAGING) root.addEventListener(type, on, { passive: true, once: true });
    return () => {
      for (const type of ENGAGING) root.removeEventListener(type, on);
    };
  }, [engaged, state]);
  return engaged;
}

interface Handlers {
  onHover?: (pick: PointerPick | null) => void;
  onClick?: (pick: PointerPick | null) => void;
  onViewChange?: (panel: string, view: PanelView) => void;
}

let webgl2: boolean | undefined;
/** If a preview has not drawn this long after its data arrived, deck.gl is imported anyway. */
const PREVIEW_WAIT_MS = 2000;

/** True if every URL of `list` (space-separated) has been fetched by this page (e.g. the idle prefetch). */
function fetched(list: string | null | undefined): boolean {
  const urls = list?.split(' ').filter(Boolean) ?? [];
  if (!urls.length) return false;
  const done = new Set(
    performance.getEntriesByType('resource').map((e) => new URL(e.name, location.href).pathname),
  );
  return urls.every((u) => done.has(new URL(u, location.href).pathname));
}
let sceneModule: Promise<typeof import('../../lib/render/deck-scene.ts')> | undefined;

/** deck.gl and the DeckRenderer (one shared chunk), imported once for every island of the page. */
const loadScene = () =>
  (sceneModule ??= import('../../lib/render/deck-scene.ts').catch((error: unknown) => {
    sceneModule = undefined; // a retry fetches again
    throw error;
  }));

function useMediaFlag(query: string): boolean {
  const [flag, setFlag] = useState(false);
  useEffect(() => {
    const media = matchMedia(query);
    setFlag(media.matches);
    const on = () => setFlag(media.matches);
    media.addEventListener('change', on);
    return () => media.removeEventListener('change', on);
  }, [query]);
  return flag;
}

function useDark(): boolean {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const root = document.documentElement;
    const read = () => setDark(root.dataset['theme'] === 'dark');
    read();
    const observer = new MutationObserver(read);
    observer.observe(root, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return dark;
}

export function useFigure<D>(
  id: string,
  load: () => Promise<D>,
  configure: (data: D) => SceneLayout,
  handlers: Handlers = {},
  /** Some panel shows an image (decision regions): its shader warms up with the others. */
  options: { images?: boolean } = {},
): FigureHooks<D> {
  const report = useMemo(() => registerFigure(id), [id]);
  const [state, setStateRaw] = useState<FigureState>('loading');
  const [message, setMessage] = useState('');
  const [data, setData] = useState<D | null>(null);
  const [scene, setScene] = useState<Scene | null>(null);
  const [attempt, setAttempt] = useState(0);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const previewRef = useRef<HTMLCanvasElement | null>(null);
  const handlerRef = useRef(handlers);
  handlerRef.current = handlers;
  const reducedMotion = useMediaFlag('(prefers-reduced-motion: reduce)');
  const dark = useDark();

  const setState = (next: FigureState) => {
    report.setState(next);
    setStateRaw(next);
  };

  useEffect(() => {
    let cancelled = false;
    /** States only move forward: loading → preview → ready. */
    let drawn: 'canvas' | 'webgl' | null = null;
    setState('loading');
    webgl2 ??= hasWebGL2();
    if (!webgl2) {
      setState('no-webgl');
      return;
    }
    const canvas = canvasRef.current;
    if (!canvas) return;
    let wantDeck!: () => void;
    const deckWanted = new Promise<void>((resolve) => (wantDeck = resolve));
    const scene = new Scene(canvas, {
      duration: prefersReducedMotion() ? 0 : 450,
      onHover: (pick) => handlerRef.current.onHover?.(pick),
      onClick: (pick) => handlerRef.current.onClick?.(pick),
      onViewChange: (panel, view) => handlerRef.current.onViewChange?.(panel, view),
      onFrame: (ms, kind) => {
        report.frame(ms, kind === 'webgl');
        if (drawn === 'webgl' || drawn === kind) return;
        drawn = kind;
        if (kind === 'webgl') return setState('ready');
        setState('preview');
        wantDeck();
      },
    });
    const fail = (error: unknown) => {
      if (cancelled) return;
      // The figure shows its message and poster; its scene is not needed.
      scene.destroy();
      console.warn(`structviz: ${id}:`, error);
      setMessage(describeError(error));
      setState('error');
    };
    report.handle.camera = (panel) => scene.cameraOf(panel);
    // deck.gl already in the page: no reason to wait.
    if (sceneModule || fetched(canvas.closest('astro-island')?.getAttribute('data-sv-next')))
      wantDeck();
    const starting = deckWanted.then(loadScene).then((module) => {
      if (cancelled) return;
      scene.setRenderer(
        (s) =>
          new module.DeckRenderer(s, canvas, {
            images: options.images ?? false,
            onContextLost: () => {
              if (!cancelled) setState('context-lost');
            },
            onError: (error) => {
              if (cancelled) return;
              setMessage(describeError(error));
              setState('error');
            },
          }),
      );
    });
    starting.catch(fail);
    load()
      .then((loaded) => {
        if (cancelled) return;
        scene.setLayout(configure(loaded));
        // Data before deck.gl: draw it on the 2-D canvas meanwhile (wantDeck at its first frame).
        const target = previewRef.current;
        if (scene.rendererKind() === null && target) {
          try {
            scene.setRenderer((s) => new CanvasRenderer(s, target, canvas));
            // If its first frame never comes (a panel left without positions), deck.gl anyway.
            setTimeout(wantDeck, PREVIEW_WAIT_MS);
          } catch (error) {
            console.warn(`structviz: ${id}: no Canvas2D preview:`, error);
            wantDeck();
          }
        } else wantDeck();
        setData(loaded);
        setScene(scene);
      })
      .catch(fail);
    return () => {
      cancelled = true;
      scene.destroy();
      setScene(null);
    };
  }, [attempt]); // reload only on retry

  const engaged = useEngaged(canvasRef, state);
  useEffect(() => scene?.setDuration(reducedMotion ? 0 : 450), [scene, reducedMotion]);
  useEffect(() => scene?.setDark(dark), [scene, dark]);

  return {
    state,
    data,
    scene,
    canvasRef,
    frame: {
      state,
      message,
      canvasKey: attempt,
      canvasRef,
      previewRef,
      onRetry: () => setAttempt((a) => a + 1),
    },
    reducedMotion,
    dark,
    engaged,
  };
}

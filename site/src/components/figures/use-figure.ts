/**
 * Lifecycle shared by every figure island: check WebGL2, load deck.gl (dynamic import) and
 * the data in parallel, create the Scene as soon as deck.gl is there (so the GPU device and
 * shaders warm up while the data downloads), give it its layout once the data is in, and
 * track the figure state for the DOM hook `data-state` and for `window.__structviz`. `retry`
 * reloads after an error or a lost context. `engaged` turns true at the reader's first press,
 * touch, focus or key inside the figure: figures open on head files and load the rest then.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describeError } from '../../lib/data/errors.ts';
import { registerFigure, type FigureState } from '../../lib/globals.ts';
import { prefersReducedMotion } from '../../lib/motion.ts';
import type { PanelView, PointerPick, Scene, SceneLayout } from '../../lib/render/scene.ts';
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
let sceneModule: Promise<typeof import('../../lib/render/scene.ts')> | undefined;

/** deck.gl and the Scene (one shared chunk), imported once for every island of the page. */
const loadScene = () =>
  (sceneModule ??= import('../../lib/render/scene.ts').catch((error: unknown) => {
    sceneModule = undefined; // a retry fetches again
    throw error;
  }));

// Requested as soon as an island's code runs, before its first render and effects: on a slow
// device that render takes a few hundred ms, and the chunk is most of the figure's bytes.
if (typeof document !== 'undefined' && (webgl2 ??= hasWebGL2())) void loadScene();

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
    let created: Scene | null = null;
    setState('loading');
    webgl2 ??= hasWebGL2();
    if (!webgl2) {
      setState('no-webgl');
      return;
    }
    const fail = (error: unknown) => {
      if (cancelled) return;
      // The figure shows its message and poster; its warmed-up scene is not needed.
      created?.destroy();
      created = null;
      console.warn(`structviz: ${id}:`, error);
      setMessage(describeError(error));
      setState('error');
    };
    const starting = loadScene().then((module) => {
      const canvas = canvasRef.current;
      if (cancelled || !canvas) return null;
      let first = true;
      created = new module.Scene(canvas, {
        duration: prefersReducedMotion() ? 0 : 450,
        images: options.images ?? false,
        onFrame: (ms) => {
          report.frame(ms);
          if (first) {
            first = false;
            setState('ready');
          }
        },
        onContextLost: () => {
          if (!cancelled) setState('context-lost');
        },
        onError: (error) => {
          if (cancelled) return;
          setMessage(describeError(error));
          setState('error');
        },
        onHover: (pick) => handlerRef.current.onHover?.(pick),
        onClick: (pick) => handlerRef.current.onClick?.(pick),
        onViewChange: (panel, view) => handlerRef.current.onViewChange?.(panel, view),
      });
      const scene = created;
      report.handle.camera = (panel) => scene.cameraOf(panel);
      return created;
    });
    Promise.all([starting, load()])
      .then(([started, loaded]) => {
        if (cancelled || !started) return;
        started.setLayout(configure(loaded));
        setData(loaded);
        setScene(started);
      })
      .catch(fail);
    return () => {
      cancelled = true;
      created?.destroy();
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
      onRetry: () => setAttempt((a) => a + 1),
    },
    reducedMotion,
    dark,
    engaged,
  };
}

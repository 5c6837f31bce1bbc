/**
 * Hooks for benchmarks and end-to-end tests, on `window.__structviz`:
 *   frames   ms per redraw of any figure (tween step + layer update + draw call), newest last
 *   figures  per figure id (its data-figure value): state, time to first draw, a ready promise
 *            (WebGL) and a shown promise (first frame of either renderer), and the camera each
 *            panel draws with now
 *   loading  data downloads in flight (tests wait for 0 before reading pixels)
 */
export type FigureState = 'loading' | 'preview' | 'ready' | 'error' | 'no-webgl' | 'context-lost';

/** True while the figure is drawn and answers the reader: by its Canvas2D first frames or by WebGL. */
export const isDrawn = (state: FigureState): boolean => state === 'ready' || state === 'preview';

export interface FigureHandle {
  state: FigureState;
  /** ms from the island starting to its first drawn frame. */
  readyMs?: number;
  /** Resolves at the first frame drawn with WebGL; rejects if the figure ends in a failure state. */
  ready: Promise<void>;
  /** ms from the island starting to its first frame of either renderer (Canvas2D before deck.gl arrives, or WebGL). */
  shownMs?: number;
  /** Resolves at that frame; rejects as `ready` does. */
  shown: Promise<void>;
  /** Redraw times of this figure only. */
  frames: number[];
  /** A panel's camera now: centre and half-side in box units, dot radius and panel side in CSS px (null before the scene). */
  camera?: (
    panel: string,
  ) => { cx: number; cy: number; half: number; radius: number; side: number } | null;
}

export interface StructvizGlobal {
  frames: number[];
  figures: Record<string, FigureHandle>;
  loading?: number;
}

declare global {
  interface Window {
    __structviz?: StructvizGlobal;
  }
}

const MAX_FRAMES = 2000;

function root(): StructvizGlobal {
  window.__structviz ??= { frames: [], figures: {} };
  return window.__structviz;
}

interface Milestone {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** A promise settled from outside; a rejection nobody awaits is not reported as unhandled. */
function milestone(): Milestone {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Registers a figure; the returned functions report its progress. */
export function registerFigure(id: string): {
  handle: FigureHandle;
  setState: (state: FigureState) => void;
  /** A redraw took `ms`; `webgl` false for the Canvas2D preview's (it does not make the figure `ready`). */
  frame: (ms: number, webgl?: boolean) => void;
} {
  if (typeof window === 'undefined') {
    // Server-side rendering: nothing to report to.
    const never = new Promise<void>(() => undefined);
    const handle: FigureHandle = { state: 'loading', ready: never, shown: never, frames: [] };
    return { handle, setState: () => undefined, frame: () => undefined };
  }
  const started = performance.now();
  const ready = milestone();
  const shown = milestone();
  const handle: FigureHandle = {
    state: 'loading',
    ready: ready.promise,
    shown: shown.promise,
    frames: [],
  };
  root().figures[id] = handle;
  /** Records `key` (ms from the island's start) and settles its promise, the first time only. */
  const reach = (key: 'readyMs' | 'shownMs', m: Milestone) => {
    if (handle[key] !== undefined) return;
    handle[key] = performance.now() - started;
    m.resolve();
  };
  return {
    handle,
    setState(state) {
      handle.state = state;
      if (state === 'error' || state === 'no-webgl' || state === 'context-lost') {
        const error = new Error(`${id}: ${state}`);
        ready.reject(error);
        shown.reject(error);
      }
    },
    frame(ms, webgl = true) {
      reach('shownMs', shown);
      if (webgl) reach('readyMs', ready);
      const all = root().frames;
      all.push(ms);
      handle.frames.push(ms);
      if (all.length > MAX_FRAMES) all.splice(0, all.length - MAX_FRAMES);
      if (handle.frames.length > MAX_FRAMES)
        handle.frames.splice(0, handle.frames.length - MAX_FRAMES);
    },
  };
}

/** Counts `promise` in `window.__structviz.loading` until it settles. */
export function trackLoading<T>(promise: Promise<T>): Promise<T> {
  if (typeof window === 'undefined') return promise;
  const r = root();
  r.loading = (r.loading ?? 0) + 1;
  const done = () => (r.loading = (r.loading ?? 1) - 1);
  promise.then(done, done);
  return promise;
}

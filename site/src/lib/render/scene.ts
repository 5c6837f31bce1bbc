/**
 * What every figure draws, whatever draws it: panels of nodes (positions, colours, radii),
 * edges, rings, a trail and an image, the tween that moves them from snapshot to snapshot,
 * each panel's camera and the reader's pan and zoom, and the node under the pointer (found on
 * the CPU). A Renderer draws it: `DeckRenderer` (deck-scene.ts, WebGL through deck.gl, the
 * chunk a figure loads lazily) or `CanvasRenderer` (canvas-scene.ts, Canvas2D, a figure's
 * first frames while deck.gl is still downloading). A figure holds one Scene for its life and
 * does not know what draws it: `setRenderer` hands over with nothing lost, the old renderer
 * drawing until the new one has drawn.
 *
 * Each panel is an orthographic view of the layout box, y up, laid out on a grid of the
 * canvas as deck.gl lays out percentage views (`cellBoxes`, `project`): the two renderers
 * put every node on the same pixel.
 */
import type { DrawnExtent } from '../../../../pipeline/contract.ts';
import {
  BOX_EXTENT,
  FITTED,
  fitCamera,
  fittedZoom,
  lerpExtent,
  radiusFor,
  relativeView,
  viewStateOf,
  type PanelFrame,
  type PanelView,
} from './camera.ts';
import { UNSTARTED, easeInOut, lerpInto, tweenTime } from './tween.ts';

export type { PanelView };

export interface PanelSpec {
  id: string;
  /** Number of nodes drawn in this panel. */
  n: number;
  /**
   * The camera fits the drawing's extent (contract `drawnExtent`), following it from snapshot
   * to snapshot; false keeps the box [-1, 1]² (a panel whose frame means something in box
   * units, e.g. the input plane under its decision regions). @default true
   */
  fit?: boolean;
}

export interface PointerPick {
  panel: string;
  /** Node index, or -1 when the pointer is over empty space. */
  index: number;
  /** Pointer position in CSS pixels relative to the canvas. */
  x: number;
  y: number;
}

/** What a figure draws, known once its data has loaded. */
export interface SceneLayout {
  panels: PanelSpec[];
  /** Grid columns for the panels; rows follow. @default panels.length */
  columns?: number;
  /** Grid cell (row-major) of each panel, so cells can stay empty. @default 0, 1, 2, … */
  cells?: number[];
  /** Pan and zoom with mouse, wheel and touch. @default false */
  interactive?: boolean;
  /**
   * The wheel zooms only with Ctrl or ⌘ held (and a trackpad pinch, which arrives as a wheel
   * with Ctrl), so a page scrolls past the figure; without it any wheel zooms. @default false
   */
  wheelNeedsModifier?: boolean;
  /** CSS pixels kept free at the top of every panel (for a label over the canvas). @default 0 */
  topInset?: number;
}

/** What draws a Scene; `kind` says which. */
export type RendererKind = 'canvas' | 'webgl';

/**
 * A renderer reads the scene's state (the members marked "for renderers") and draws it. It
 * calls `scene.frameDrawn(this)` once a frame `draw` asked for is on screen.
 */
export interface Renderer {
  readonly kind: RendererKind;
  /** Draws the scene as it is now. */
  draw(reason: string): void;
  /** The panels or their grid changed (deck.gl: new views). */
  gridChanged(): void;
  /** The scene's `viewStates` changed. */
  viewStatesChanged(): void;
  /** The pointer went on or off a node (its cursor). */
  hoverChanged(): void;
  destroy(): void;
}

export interface SceneOptions {
  /** Tween length in ms; 0 under reduced motion. @default 450 */
  duration?: number;
  onHover?: (pick: PointerPick | null) => void;
  onClick?: (pick: PointerPick | null) => void;
  /** Called with ms per redraw, and which renderer drew it. */
  onFrame?: (ms: number, renderer: RendererKind) => void;
  /** Called after the reader pans or zooms a panel (interactive layouts). */
  onViewChange?: (id: string, view: PanelView) => void;
}

/** An RGBA image under a panel's nodes (e.g. decision regions). */
export interface PanelImage {
  /** RGBA bytes, width × height, row 0 at the top, straight alpha. */
  pixels: Uint8Array;
  width: number;
  height: number;
  /** [left, bottom, right, top] in box units. */
  bounds: [number, number, number, number];
}

export interface Panel {
  id: string;
  n: number;
  fit: boolean;
  /** The camera drawn now, and the ends of its tween (same start, duration and easing as the nodes). */
  extent: DrawnExtent;
  extentFrom: DrawnExtent;
  extentTo: DrawnExtent;
  /** Dot radius in CSS pixels now, and the ends of its tween. */
  radius: number;
  radiusFrom: number;
  radiusTo: number;
  /** The reader's pan and zoom relative to the fitted camera. */
  view: PanelView;
  current: Float32Array;
  from: Float32Array;
  to: Float32Array;
  start: number;
  duration: number;
  /** Eased tween progress: the GPU draws mix(from, to, progress); `current` is the same on the CPU. */
  progress: number;
  colours: Uint8Array;
  /** Per-node radius multipliers (n values), or empty: every node has the scene's radius. */
  scales: Float32Array;
  scaleVersion: number;
  /** Bumped whenever `from` / `to` / `colours` change (not per tween frame), so the layers re-read them. */
  posVersion: number;
  colourVersion: number;
  edges: { source: Int32Array; target: Int32Array } | null;
  edgesVisible: boolean;
  /**
   * A tween started before the last one ended (the reader drags across snapshots): edges are
   * not drawn, and their ends not written (`edgesDue`), until the nodes come to rest. In a
   * software renderer (SwiftShader) a drag with edges drawn ran at 33 ms a frame, without them
   * at the 16.7 ms vsync; a single step (arrow key, Play) still draws them moving.
   */
  edgesHeld: boolean;
  edgesDue: boolean;
  /** Edge ends at the tween's end (`to`) and start (`from`), written when a tween starts. */
  edgeSrc: Float32Array;
  edgeDst: Float32Array;
  edgeSrcFrom: Float32Array;
  edgeDstFrom: Float32Array;
  edgeColours: Uint8Array;
  edgeVersion: number;
  edgeColourVersion: number;
  marks: number[];
  /** Ring colour of every mark (4 bytes each); empty: the page's ring colour. */
  markColours: Uint8Array;
  markXY: Float32Array;
  markScales: Float32Array;
  markVersion: number;
  /** False until the first setPositions: nothing is drawn before real positions exist. */
  placed: boolean;
  image: PanelImage | null;
  imageVersion: number;
  /** A polyline drawn faintly under the nodes (a sample's path over training), as segments. */
  trail: {
    sources: Float32Array;
    targets: Float32Array;
    colours: Uint8Array;
    version: number;
  } | null;
}

const DEFAULTS = { duration: 450 };
/** Zoom range around the fitted view, in powers of 2: never smaller than half the panel. */
export const ZOOM_OUT = 1;
export const ZOOM_IN = 6;

/** A panel's camera as deck.gl's OrthographicView state (flipY false: y up). */
export interface ViewState {
  target: [number, number, number];
  zoom: number;
  minZoom?: number;
  maxZoom?: number;
}

/** A panel's place on the canvas in percent of its width and height (deck.gl view props). */
export interface Cell {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A panel's rectangle in CSS pixels relative to the canvas. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A percentage of `extent` in whole pixels, as deck.gl evaluates a view's `'12.5%'`. */
const percentOf = (percent: number, extent: number): number => Math.round((percent / 100) * extent);

/** Where a point in box units is drawn in a panel: CSS pixels relative to the panel's corner. */
export function project(state: ViewState, box: Box, x: number, y: number): [number, number] {
  const scale = 2 ** state.zoom;
  return [
    (x - state.target[0]) * scale + box.width / 2,
    box.height / 2 - (y - state.target[1]) * scale,
  ];
}

/** The inverse of `project`: the box-unit point under panel pixel (px, py). */
export function unproject(state: ViewState, box: Box, px: number, py: number): [number, number] {
  const scale = 2 ** state.zoom;
  return [
    state.target[0] + (px - box.width / 2) / scale,
    state.target[1] - (py - box.height / 2) / scale,
  ];
}

export class Scene {
  // For renderers: the state they draw (read only).
  readonly panels = new Map<string, Panel>();
  readonly options: SceneOptions & typeof DEFAULTS;
  interactive = false;
  wheelNeedsModifier = false;
  size = { width: 1, height: 1 };
  viewStates: Record<string, ViewState> = {};
  /** Every panel's square drawing area (the grid's cells are all alike). */
  frame: PanelFrame = { side: 1, inset: 0 };
  dark = false;
  hovering = false;
  /** True while a tween runs: edges are drawn as hairlines until the nodes come to rest. */
  moving = false;

  private columns = 1;
  private cells: number[] | null = null;
  private topInset = 0;
  private readonly renderListeners = new Set<() => void>();
  private frameRequest = 0;
  /** The renderers drawing, oldest first: more than one only during a hand-over. */
  private renderers: Renderer[] = [];
  /** When each renderer's pending frame started (ms), for `onFrame`. */
  private readonly frameStarts = new Map<Renderer, number>();
  private destroyed = false;
  private readonly resizeObserver: ResizeObserver | undefined;
  private readonly detach: () => void;

  /** `canvas` is the element the reader points at and whose size the panels fill. */
  constructor(canvas: HTMLCanvasElement, options: SceneOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.size = { width: canvas.clientWidth || 1, height: canvas.clientHeight || 1 };
    this.resizeObserver = new ResizeObserver(() =>
      this.resize({ width: canvas.clientWidth, height: canvas.clientHeight }),
    );
    this.resizeObserver.observe(canvas);
    this.detach = this.listen(canvas);
    this.fitViews();
  }

  /**
   * Draws with the renderer `make` returns from now on. The renderers before it keep drawing
   * until it has drawn a frame with every panel placed (deck.gl compiles its shaders first),
   * and are then destroyed.
   */
  setRenderer(make: (scene: Scene) => Renderer): void {
    if (this.destroyed) return;
    const renderer = make(this);
    this.renderers.push(renderer);
    renderer.gridChanged();
    renderer.viewStatesChanged();
    this.render('renderer');
  }

  /** The kind of the newest renderer, or null before the first. */
  rendererKind(): RendererKind | null {
    return this.renderers.at(-1)?.kind ?? null;
  }

  /**
   * Hover and click (or tap) on the CPU: the pointer is unprojected in the panel under it and
   * the nearest node within 8 CSS pixels is picked. A press that moved (a pan) is no click.
   */
  private listen(canvas: HTMLCanvasElement): () => void {
    let down: { x: number; y: number } | null = null;
    const at = (e: MouseEvent) => {
      const rect = canvas.getBoundingClientRect();
      return { x: e.clientX - rect.left, y: e.clientY - rect.top };
    };
    const setHovering = (hovering: boolean) => {
      if (hovering === this.hovering) return;
      this.hovering = hovering;
      for (const renderer of this.renderers) renderer.hoverChanged();
    };
    const move = (e: PointerEvent) => {
      const pick = this.pickAt(at(e));
      setHovering(!!pick && pick.index >= 0);
      this.options.onHover?.(pick);
    };
    const leave = () => {
      setHovering(false);
      this.options.onHover?.(null);
    };
    const press = (e: PointerEvent) => (down = at(e));
    const click = (e: MouseEvent) => {
      const p = at(e);
      if (down && Math.hypot(p.x - down.x, p.y - down.y) > 5) return;
      this.options.onClick?.(this.pickAt(p));
    };
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerleave', leave);
    canvas.addEventListener('pointerdown', press);
    canvas.addEventListener('click', click);
    return () => {
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerleave', leave);
      canvas.removeEventListener('pointerdown', press);
      canvas.removeEventListener('click', click);
    };
  }

  /** Every panel's cell, in percent of the canvas (insertion order). */
  cellsOf(): Cell[] {
    const { columns, rows, cells } = this.grid();
    return [...this.panels.keys()].map((id, k) => {
      const i = cells[k] ?? k;
      return {
        id,
        x: (100 * (i % columns)) / columns,
        y: (100 * Math.floor(i / columns)) / rows,
        width: 100 / columns,
        height: 100 / rows,
      };
    });
  }

  /** A panel's rectangle on the canvas in CSS pixels, as deck.gl rounds its percentage views. */
  boxOf(id: string): Box | null {
    const cell = this.cellsOf().find((c) => c.id === id);
    if (!cell) return null;
    const { width, height } = this.size;
    return {
      x: percentOf(cell.x, width),
      y: percentOf(cell.y, height),
      width: percentOf(cell.width, width),
      height: percentOf(cell.height, height),
    };
  }

  /** The panel and node under a point in CSS pixels relative to the canvas. */
  private pickAt(point: { x: number; y: number }): PointerPick | null {
    if (!this.placed()) return null;
    for (const panel of this.panels.values()) {
      const box = this.boxOf(panel.id);
      const state = this.viewStates[panel.id];
      if (!box || !state) continue;
      const lx = point.x - box.x;
      const ly = point.y - box.y;
      if (lx < 0 || lx >= box.width || ly < 0 || ly >= box.height) continue;
      const [wx, wy] = unproject(state, box, lx, ly);
      // World units per CSS pixel; a node answers within 8 px or its own drawn radius.
      const pixel = 2 ** -state.zoom;
      let best = -1;
      let bestD = Infinity;
      const p = panel.current;
      for (let i = 0; i < panel.n; i++) {
        const d = (p[2 * i] - wx) ** 2 + (p[2 * i + 1] - wy) ** 2;
        const reach = pixel * Math.max(8, panel.radius * this.scaleOf(panel, i) + 1);
        if (d <= reach * reach && d <= bestD) {
          bestD = d;
          best = i;
        }
      }
      return { panel: panel.id, index: best, x: point.x, y: point.y };
    }
    return null;
  }

  /** The canvas has a new size in CSS pixels (deck.gl reports it too). */
  resize(size: { width: number; height: number }): void {
    if (this.destroyed || size.width < 1 || size.height < 1) return;
    this.size = size;
    this.fitViews();
    this.render('resize');
  }

  private addPanel(spec: PanelSpec): void {
    const current = new Float32Array(spec.n * 2);
    const colours = new Uint8Array(spec.n * 4).fill(160);
    const old = this.panels.get(spec.id);
    const fit = spec.fit ?? old?.fit ?? true;
    const radius = 3;
    this.panels.set(spec.id, {
      id: spec.id,
      n: spec.n,
      fit,
      extent: BOX_EXTENT,
      extentFrom: BOX_EXTENT,
      extentTo: BOX_EXTENT,
      radius,
      radiusFrom: radius,
      radiusTo: radius,
      view: old?.view ?? FITTED,
      current,
      from: new Float32Array(spec.n * 2),
      to: current,
      start: 0,
      duration: 0,
      progress: 1,
      colours,
      scales: new Float32Array(0),
      scaleVersion: 0,
      // Versions continue from a replaced panel's, so its layers re-read everything.
      posVersion: (old?.posVersion ?? 0) + 1,
      colourVersion: 0,
      edges: null,
      edgesVisible: false,
      edgesHeld: false,
      edgesDue: false,
      edgeSrc: new Float32Array(0),
      edgeDst: new Float32Array(0),
      edgeSrcFrom: new Float32Array(0),
      edgeDstFrom: new Float32Array(0),
      edgeColours: new Uint8Array(0),
      edgeVersion: (old?.edgeVersion ?? 0) + 1,
      edgeColourVersion: 0,
      marks: [],
      markColours: new Uint8Array(0),
      markXY: new Float32Array(0),
      markScales: new Float32Array(0),
      markVersion: 0,
      placed: false,
      image: old?.image ?? null,
      imageVersion: (old?.imageVersion ?? 0) + 1,
      trail: null,
    });
  }

  private panel(id: string): Panel {
    const panel = this.panels.get(id);
    if (!panel) throw new Error(`scene: no panel "${id}"`);
    return panel;
  }

  /** Adds the panels (once, when the data is known) and draws as soon as positions are set. */
  setLayout(layout: SceneLayout): void {
    if (this.panels.size > 0) throw new Error('scene: the layout is already set');
    this.columns = layout.columns ?? layout.panels.length;
    this.cells = layout.cells ?? null;
    this.interactive = layout.interactive ?? false;
    this.wheelNeedsModifier = layout.wheelNeedsModifier ?? false;
    this.topInset = layout.topInset ?? 0;
    for (const spec of layout.panels) this.addPanel(spec);
    for (const renderer of this.renderers) renderer.gridChanged();
    this.fitViews();
  }

  /** Columns, rows and the grid cell of every panel (in insertion order). */
  private grid(): { columns: number; rows: number; cells: number[] } {
    const count = Math.max(1, this.panels.size);
    const cells =
      this.cells && this.cells.length === this.panels.size
        ? this.cells
        : Array.from({ length: this.panels.size }, (_, i) => i);
    const columns = Math.max(1, this.cells ? this.columns : Math.min(this.columns, count));
    const rows = Math.max(1, Math.ceil((Math.max(0, ...cells) + 1) / columns));
    return { columns, rows, cells };
  }

  /**
   * Measures the panels' square (min(width, height − inset) of a grid cell), gives every panel
   * its dot radius for that size and sets every view from its camera and the reader's pan and
   * zoom (kept relative to the fitted camera, also across a resize).
   */
  private fitViews(): void {
    const { columns, rows } = this.grid();
    const w = this.size.width / columns;
    const h = this.size.height / rows;
    const inset = Math.min(this.topInset, h / 4);
    const side = Math.max(1, Math.min(w, h - inset));
    const resized = side !== this.frame.side;
    this.frame = { side, inset };
    for (const panel of this.panels.values()) {
      if (!resized || !panel.placed) continue;
      const moving = panel.to !== panel.current;
      panel.radiusTo = radiusFor(panel.to, panel.n, panel.extentTo, side);
      if (!moving) panel.radius = panel.radiusFrom = panel.radiusTo;
      this.updateMarks(panel);
    }
    this.updateViewStates();
  }

  /** Every panel's view state from its camera now and the reader's pan and zoom. */
  private updateViewStates(): void {
    this.viewStates = Object.fromEntries(
      [...this.panels.values()].map((panel) => [panel.id, this.viewStateOf(panel)]),
    );
    for (const renderer of this.renderers) renderer.viewStatesChanged();
  }

  private viewStateOf(panel: Panel): ViewState {
    const fitted = fittedZoom(panel.extent, this.frame);
    return {
      ...viewStateOf(panel.extent, panel.view, this.frame),
      minZoom: fitted - ZOOM_OUT,
      maxZoom: fitted + ZOOM_IN,
    };
  }

  /** A pan or zoom by the reader's own gesture (deck.gl's controller): kept relative to the fitted camera. */
  viewStateSet(id: string, state: ViewState): void {
    this.viewStates[id] = state;
    const panel = this.panels.get(id);
    // Kept relative to the fitted camera, so a zoomed view follows the drawing.
    if (panel) panel.view = relativeView(panel.extent, state, this.frame);
    for (const renderer of this.renderers) renderer.viewStatesChanged();
    const view = this.viewOf(id);
    if (view) this.options.onViewChange?.(id, view);
  }

  /** A panel's pan and zoom relative to its fitted camera (what a permalink stores). */
  viewOf(id: string): PanelView | null {
    const panel = this.panels.get(id);
    return panel ? { ...panel.view } : null;
  }

  /** Pans and zooms a panel (relative to its fitted camera, clamped to the zoom range). */
  setViewOf(id: string, view: PanelView): void {
    const panel = this.panels.get(id);
    if (!panel) return;
    panel.view = { ...view, zoom: Math.max(-ZOOM_OUT, Math.min(ZOOM_IN, view.zoom)) };
    this.updateViewStates();
    this.render('view');
  }

  /** Zooms every panel by `step` powers of 2 about its centre (the +/− buttons). */
  zoomBy(step: number): void {
    for (const panel of this.panels.values()) {
      panel.view = {
        ...panel.view,
        zoom: Math.max(-ZOOM_OUT, Math.min(ZOOM_IN, panel.view.zoom + step)),
      };
    }
    this.updateViewStates();
    this.render('zoom');
    this.reportViews();
  }

  /** The camera a panel draws with now: centre and half-side in box units, dot radius and the panel's square side in CSS pixels. */
  cameraOf(id: string): (DrawnExtent & { radius: number; side: number }) | null {
    const panel = this.panels.get(id);
    return panel ? { ...panel.extent, radius: panel.radius, side: this.frame.side } : null;
  }

  private reportViews(): void {
    for (const panel of this.panels.values())
      this.options.onViewChange?.(panel.id, { ...panel.view });
  }

  /** Where a node is drawn now, in CSS pixels relative to the canvas; null if not drawn. */
  nodeScreen(id: string, index: number): { x: number; y: number } | null {
    const panel = this.panels.get(id);
    if (!panel || !panel.placed || index < 0 || index >= panel.n) return null;
    const box = this.boxOf(id);
    const state = this.viewStates[id];
    if (!box || !state) return null;
    const [x, y] = project(state, box, panel.current[2 * index], panel.current[2 * index + 1]);
    return { x: x + box.x, y: y + box.y };
  }

  /** A panel's node positions as drawn now (interleaved box x, y; do not modify). */
  positions(id: string): Float32Array {
    return this.panel(id).current;
  }

  /** Calls `listener` after every redraw (e.g. to keep a card on its moving node); returns the unsubscribe. */
  onRender(listener: () => void): () => void {
    this.renderListeners.add(listener);
    return () => this.renderListeners.delete(listener);
  }

  /** Resets pan and zoom of every panel: back to the fitted camera. */
  resetViews(): void {
    for (const panel of this.panels.values()) panel.view = FITTED;
    this.updateViewStates();
    this.render('reset');
    this.reportViews();
  }

  /** Changes the panel grid (e.g. from one row on a wide screen to two on a phone); `cells` as in SceneLayout. */
  setColumns(columns: number, cells?: number[]): void {
    if (columns === this.columns && (!cells || cells.join() === this.cells?.join())) return;
    this.columns = columns;
    if (cells) this.cells = cells;
    for (const renderer of this.renderers) renderer.gridChanged();
    this.fitViews();
    this.render('columns');
  }
  /**
   * Moves a panel's nodes to `target` (interleaved x, y), tweened unless `animate` is false;
   * the camera and the dot radius tween with them to those of the target.
   */
  setPositions(id: string, target: Float32Array, animate = true): void {
    const panel = this.panel(id);
    if (target.length !== panel.n * 2)
      throw new Error(`scene: ${id} expects ${panel.n * 2} coordinates, got ${target.length}`);
    const duration = animate ? this.options.duration : 0;
    const camera = fitCamera(target, panel.n, this.frame.side, panel.fit);
    panel.extentFrom = panel.placed ? panel.extent : camera.extent;
    panel.radiusFrom = panel.placed ? panel.radius : camera.radius;
    panel.extentTo = camera.extent;
    panel.radiusTo = camera.radius;
    // Still moving towards the previous target: the reader is dragging across snapshots.
    panel.edgesHeld = panel.placed && panel.to !== panel.current && panel.duration > 0;
    panel.from.set(panel.placed ? panel.current : target);
    panel.placed = true;
    panel.to = target;
    // The clock starts at the next frame (tick), not now: see tweenTime.
    panel.start = UNSTARTED;
    panel.duration = duration;
    panel.progress = 0;
    panel.posVersion++;
    this.updateEdgePositions(panel);
    this.schedule();
  }

  /** Draws an image under a panel's nodes (null removes it); call again to replace it. */
  setImage(id: string, image: PanelImage | null): void {
    const panel = this.panel(id);
    panel.image = image;
    panel.imageVersion++;
    this.schedule();
  }

  /**
   * Draws a faint polyline under a panel's nodes through `points` (interleaved x, y in box
   * units, e.g. one sample's position at every snapshot) in `colour` (RGBA bytes); null clears.
   */
  setTrail(
    id: string,
    points: Float32Array | null,
    colour: readonly number[] = [128, 128, 128, 110],
  ): void {
    const panel = this.panel(id);
    const m = points ? Math.max(0, points.length / 2 - 1) : 0;
    if (!points || m === 0) {
      panel.trail = null;
    } else {
      const colours = new Uint8Array(4 * m);
      for (let e = 0; e < m; e++) colours.set(colour.slice(0, 4), 4 * e);
      panel.trail = {
        sources: points.slice(0, 2 * m),
        targets: points.slice(2, 2 * m + 2),
        colours,
        version: (panel.trail?.version ?? 0) + 1,
      };
    }
    this.schedule();
  }

  /** Replaces a panel's node colours (n × 4 RGBA bytes). */
  setColours(id: string, colours: Uint8Array): void {
    const panel = this.panel(id);
    panel.colours = colours;
    panel.colourVersion++;
    this.updateEdgeColours(panel);
    this.schedule();
  }

  /** Sets a panel's display edges (node index pairs) and whether they are drawn. */
  setEdges(
    id: string,
    edges: { source: Int32Array; target: Int32Array } | null,
    visible: boolean,
  ): void {
    const panel = this.panel(id);
    if (edges !== panel.edges) {
      panel.edges = edges;
      const m = edges?.source.length ?? 0;
      panel.edgeSrc = new Float32Array(m * 2);
      panel.edgeDst = new Float32Array(m * 2);
      panel.edgeSrcFrom = new Float32Array(m * 2);
      panel.edgeDstFrom = new Float32Array(m * 2);
      panel.edgeColours = new Uint8Array(m * 4);
      this.updateEdgeColours(panel);
    }
    panel.edgesVisible = visible && !!edges;
    this.updateEdgePositions(panel);
    this.schedule();
  }

  /**
   * Gives a panel another node count (a layer whose views hold other nodes): positions,
   * colours, radii, marks and edges start afresh, and nothing is drawn until setPositions.
   */
  resizePanel(id: string, n: number): void {
    const panel = this.panel(id);
    if (panel.n === n) return;
    // Map.set on an existing key keeps the panel's place in the grid.
    this.addPanel({ id, n });
    this.schedule();
  }

  /**
   * Per-node radius as a multiple of the scene's radius (n values; e.g. node size by a metric,
   * or units drawn larger than samples); null returns every node to the scene's radius.
   */
  setRadii(id: string, scales: Float32Array | null): void {
    const panel = this.panel(id);
    if (scales && scales.length !== panel.n)
      throw new Error(`scene: ${id} expects ${panel.n} radii, got ${scales.length}`);
    panel.scales = scales ?? new Float32Array(0);
    panel.scaleVersion++;
    this.updateMarks(panel);
    this.schedule();
  }

  /**
   * Nodes drawn with a ring (selection, hover); an empty list clears them. `colours` (4 bytes
   * per node, RGBA) gives each ring its own colour; without it, or where its alpha is 0, a ring
   * takes the page's ring colour.
   */
  setMarks(id: string, nodes: number[], colours?: Uint8Array): void {
    const panel = this.panel(id);
    const keep = nodes.map((i, k) => [i, k] as const).filter(([i]) => i >= 0 && i < panel.n);
    panel.marks = keep.map(([i]) => i);
    panel.markColours = colours
      ? Uint8Array.from(keep.flatMap(([, k]) => Array.from(colours.subarray(4 * k, 4 * k + 4))))
      : new Uint8Array(0);
    panel.markXY = new Float32Array(panel.marks.length * 2);
    this.updateMarks(panel);
    this.schedule();
  }

  /** Light or dark page: edge and ring colours follow. */
  setDark(dark: boolean): void {
    this.dark = dark;
    for (const panel of this.panels.values()) this.updateEdgeColours(panel);
    this.schedule();
  }

  setDuration(ms: number): void {
    this.options.duration = ms;
  }

  private updateEdgeColours(panel: Panel): void {
    const edges = panel.edges;
    if (!edges) return;
    const c = panel.colours;
    const grey = this.dark ? 150 : 110;
    for (let e = 0; e < edges.source.length; e++) {
      const s = 4 * edges.source[e];
      const t = 4 * edges.target[e];
      const same = c[s] === c[t] && c[s + 1] === c[t + 1] && c[s + 2] === c[t + 2];
      const alpha = Math.min(c[s + 3], c[t + 3]);
      panel.edgeColours[4 * e] = same ? c[s] : grey;
      panel.edgeColours[4 * e + 1] = same ? c[s + 1] : grey;
      panel.edgeColours[4 * e + 2] = same ? c[s + 2] : grey;
      panel.edgeColours[4 * e + 3] = Math.round(alpha * (same ? 0.42 : 0.3));
    }
    panel.edgeColourVersion++;
  }

  private updateMarks(panel: Panel): void {
    if (panel.markScales.length !== panel.marks.length)
      panel.markScales = new Float32Array(panel.marks.length);
    panel.marks.forEach((node, k) => {
      panel.markXY[2 * k] = panel.current[2 * node];
      panel.markXY[2 * k + 1] = panel.current[2 * node + 1];
      // A ring sits 3.5 px outside its node, whatever the node's own radius.
      panel.markScales[k] = (panel.radius * this.scaleOf(panel, node) + 3.5) / (panel.radius + 3.5);
    });
    panel.markVersion++;
  }

  /** A node's radius multiplier (1 without per-node radii). */
  scaleOf(panel: Panel, node: number): number {
    return panel.scales.length ? (panel.scales[node] ?? 1) : 1;
  }

  /** Both ends of the tween for every edge: once per tween or edge set, never per frame. */
  private updateEdgePositions(panel: Panel): void {
    const edges = panel.edges;
    if (!edges || !panel.edgesVisible) return;
    if (panel.edgesHeld) {
      panel.edgesDue = true;
      return;
    }
    const to = panel.to;
    const from = panel.progress >= 1 ? panel.to : panel.from;
    for (let e = 0; e < edges.source.length; e++) {
      const s = 2 * edges.source[e];
      const t = 2 * edges.target[e];
      panel.edgeSrc[2 * e] = to[s];
      panel.edgeSrc[2 * e + 1] = to[s + 1];
      panel.edgeDst[2 * e] = to[t];
      panel.edgeDst[2 * e + 1] = to[t + 1];
      panel.edgeSrcFrom[2 * e] = from[s];
      panel.edgeSrcFrom[2 * e + 1] = from[s + 1];
      panel.edgeDstFrom[2 * e] = from[t];
      panel.edgeDstFrom[2 * e + 1] = from[t + 1];
    }
    panel.edgeVersion++;
  }

  private schedule(): void {
    if (this.destroyed || this.frameRequest) return;
    this.frameRequest = requestAnimationFrame(() => this.tick());
  }

  private tick(): void {
    this.frameRequest = 0;
    if (this.destroyed) return;
    const now = performance.now();
    if (this.placed()) for (const renderer of this.renderers) this.frameStarts.set(renderer, now);
    let moving = false;
    let cameras = false;
    for (const panel of this.panels.values()) {
      if (panel.to === panel.current) continue;
      const t = tweenTime(panel, now);
      const eased = easeInOut(t);
      // The CPU copy (picking, rings); the layers draw the same mix on the GPU.
      lerpInto(panel.current, panel.from, panel.to, eased);
      panel.progress = t >= 1 ? 1 : eased;
      // At rest (t = 1) exactly the target's camera and radius.
      panel.extent = lerpExtent(panel.extentFrom, panel.extentTo, eased);
      panel.radius =
        t >= 1 ? panel.radiusTo : panel.radiusFrom + (panel.radiusTo - panel.radiusFrom) * eased;
      cameras = true;
      if (panel.marks.length) this.updateMarks(panel);
      if (t < 1) moving = true;
      else {
        panel.to = panel.current;
        panel.edgesHeld = false;
        if (panel.edgesDue) {
          panel.edgesDue = false;
          this.updateEdgePositions(panel);
        }
      }
    }
    this.moving = moving;
    if (cameras) this.updateViewStates();
    this.render('tween');
    if (moving) this.schedule();
  }

  /** True once every panel has positions: nothing is drawn before. */
  placed(): boolean {
    if (this.panels.size === 0) return false;
    for (const panel of this.panels.values()) if (!panel.placed) return false;
    return true;
  }

  private render(reason: string): void {
    if (this.destroyed) return;
    const placed = this.placed();
    for (const renderer of this.renderers) {
      if (placed && !this.frameStarts.has(renderer))
        this.frameStarts.set(renderer, performance.now());
      renderer.draw(reason);
    }
    for (const listener of this.renderListeners) listener();
  }

  /**
   * A renderer's frame is on screen: reports its time once every panel is placed. The first
   * such frame of a new renderer ends the hand-over: the renderers before it are destroyed.
   */
  frameDrawn(renderer: Renderer): void {
    const start = this.frameStarts.get(renderer);
    if (start === undefined || !this.placed()) return;
    this.frameStarts.delete(renderer);
    const older = this.renderers.indexOf(renderer);
    if (older > 0) {
      for (const old of this.renderers.slice(0, older)) {
        this.frameStarts.delete(old);
        old.destroy();
      }
      this.renderers = this.renderers.slice(older);
    }
    this.options.onFrame?.(performance.now() - start, renderer.kind);
  }

  /** Draws the current state now (e.g. after colours or marks changed without a tween). */
  redraw(): void {
    this.render('redraw');
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.resizeObserver?.disconnect();
    this.renderListeners.clear();
    this.detach();
    if (this.frameRequest) cancelAnimationFrame(this.frameRequest);
    for (const renderer of this.renderers) renderer.destroy();
    this.renderers = [];
  }
}

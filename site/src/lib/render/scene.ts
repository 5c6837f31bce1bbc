/**
 * The deck.gl renderer behind every figure: one canvas, one OrthographicView per panel,
 * nodes as a ScatterplotLayer and edges as a LineLayer fed with typed arrays. Positions move
 * by tweening from what is on screen to the new target; each step redraws synchronously so
 * its cost can be measured. This module is imported dynamically, so deck.gl loads only when
 * a figure becomes visible.
 */
import { Deck, OrthographicView, type Layer, type PickingInfo } from '@deck.gl/core';
import { LineLayer, ScatterplotLayer } from '@deck.gl/layers';
import { easeInOut, lerpInto } from './tween.ts';

export interface PanelSpec {
  id: string;
  /** Number of nodes drawn in this panel. */
  n: number;
}

export interface PointerPick {
  panel: string;
  /** Node index, or -1 when the pointer is over empty space. */
  index: number;
  /** Pointer position in CSS pixels relative to the canvas. */
  x: number;
  y: number;
}

export interface SceneOptions {
  panels: PanelSpec[];
  /** Grid columns for the panels; rows follow. @default panels.length */
  columns?: number;
  /** Pan and zoom with mouse, wheel and touch. @default false */
  interactive?: boolean;
  /** Tween length in ms; 0 under reduced motion. @default 450 */
  duration?: number;
  onHover?: (pick: PointerPick | null) => void;
  onClick?: (pick: PointerPick | null) => void;
  /** Called with ms per redraw. */
  onFrame?: (ms: number) => void;
  onContextLost?: () => void;
  onError?: (error: Error) => void;
}

interface Panel {
  id: string;
  n: number;
  current: Float32Array;
  from: Float32Array;
  to: Float32Array;
  start: number;
  duration: number;
  colours: Uint8Array;
  /** Stable data objects; only their attribute descriptors are replaced when values change. */
  nodeData: BinaryData;
  edgeData: BinaryData;
  posVersion: number;
  colourVersion: number;
  edges: { source: Int32Array; target: Int32Array } | null;
  edgesVisible: boolean;
  edgeSrc: Float32Array;
  edgeDst: Float32Array;
  edgeColours: Uint8Array;
  edgeVersion: number;
  marks: number[];
  /** False until the first setPositions: nothing is drawn before real positions exist. */
  placed: boolean;
}

interface BinaryData {
  length: number;
  attributes: Record<
    string,
    { value: Float32Array | Uint8Array; size: number; normalized?: boolean }
  >;
}

const MARGIN = 1.08;
const DEFAULTS = { duration: 450, interactive: false };

/** Deck with a synchronous flush, so a tween step is updated and drawn inside one task. */
class FlushingDeck extends Deck<OrthographicView[]> {
  flush(reason: string): void {
    this.layerManager?.updateLayers();
    this.redraw(reason);
  }
}

export class Scene {
  private readonly deck: FlushingDeck;
  private readonly panels = new Map<string, Panel>();
  private readonly options: SceneOptions & typeof DEFAULTS;
  private columns: number;
  private size = { width: 1, height: 1 };
  private viewStates: Record<string, { target: [number, number, number]; zoom: number }> = {};
  private frameRequest = 0;
  private frameStart = -1;
  private dark = false;
  private radius = 3;
  private destroyed = false;
  private resizeObserver: ResizeObserver | undefined;

  constructor(canvas: HTMLCanvasElement, options: SceneOptions) {
    this.options = { ...DEFAULTS, ...options };
    this.columns = options.columns ?? options.panels.length;
    this.size = { width: canvas.clientWidth || 1, height: canvas.clientHeight || 1 };
    for (const spec of options.panels) this.addPanel(spec);
    canvas.addEventListener('webglcontextlost', (event) => {
      event.preventDefault();
      this.options.onContextLost?.();
    });
    this.deck = new FlushingDeck({
      canvas,
      views: this.views(),
      viewState: this.viewStates,
      controller: false,
      useDevicePixels: Math.min(2, globalThis.devicePixelRatio || 1),
      pickingRadius: 8,
      touchAction: this.options.interactive ? 'none' : 'pan-y',
      layers: [],
      layerFilter: ({ layer, viewport }) => layer.id.startsWith(`${viewport.id}:`),
      getCursor: ({ isHovering, isDragging }) =>
        isDragging ? 'grabbing' : isHovering ? 'pointer' : 'default',
      onResize: (size) => this.resize(size),
      onLoad: () => this.resize({ width: canvas.clientWidth, height: canvas.clientHeight }),
      onHover: (info) => this.options.onHover?.(this.pick(info)),
      onClick: (info) => this.options.onClick?.(this.pick(info)),
      onViewStateChange: ({ viewId, viewState }) => {
        this.viewStates[viewId] = viewState as { target: [number, number, number]; zoom: number };
        this.deck.setProps({ viewState: { ...this.viewStates } });
        return viewState;
      },
      onAfterRender: () => {
        if (this.frameStart >= 0 && this.placed()) {
          this.options.onFrame?.(performance.now() - this.frameStart);
          this.frameStart = -1;
        }
      },
      onError: (error) =>
        this.options.onError?.(error instanceof Error ? error : new Error(String(error))),
    });
    this.fitViews();
    this.resizeObserver = new ResizeObserver(() =>
      this.resize({ width: canvas.clientWidth, height: canvas.clientHeight }),
    );
    this.resizeObserver.observe(canvas);
  }

  private resize(size: { width: number; height: number }): void {
    if (this.destroyed || size.width < 1 || size.height < 1) return;
    this.size = size;
    this.fitViews();
    this.render('resize');
  }

  private addPanel(spec: PanelSpec): void {
    const current = new Float32Array(spec.n * 2);
    const colours = new Uint8Array(spec.n * 4).fill(160);
    this.panels.set(spec.id, {
      id: spec.id,
      n: spec.n,
      current,
      from: new Float32Array(spec.n * 2),
      to: current,
      start: 0,
      duration: 0,
      colours,
      nodeData: {
        length: spec.n,
        attributes: {
          getPosition: { value: current, size: 2 },
          getFillColor: { value: colours, size: 4, normalized: true },
        },
      },
      edgeData: { length: 0, attributes: {} },
      posVersion: 0,
      colourVersion: 0,
      edges: null,
      edgesVisible: false,
      edgeSrc: new Float32Array(0),
      edgeDst: new Float32Array(0),
      edgeColours: new Uint8Array(0),
      edgeVersion: 0,
      marks: [],
      placed: false,
    });
  }

  private panel(id: string): Panel {
    const panel = this.panels.get(id);
    if (!panel) throw new Error(`scene: no panel "${id}"`);
    return panel;
  }

  private views(): OrthographicView[] {
    const count = this.panels.size;
    const columns = Math.max(1, Math.min(this.columns, count));
    const rows = Math.ceil(count / columns);
    return [...this.panels.keys()].map(
      (id, i) =>
        new OrthographicView({
          id,
          x: `${(100 * (i % columns)) / columns}%`,
          y: `${(100 * Math.floor(i / columns)) / rows}%`,
          width: `${100 / columns}%`,
          height: `${100 / rows}%`,
          flipY: false,
          controller: this.options.interactive
            ? { doubleClickZoom: true, scrollZoom: { smooth: false, speed: 0.02 }, dragPan: true }
            : false,
        }),
    );
  }

  /** Zooms every view so the layout box fits its panel. */
  private fitViews(): void {
    const count = this.panels.size;
    const columns = Math.max(1, Math.min(this.columns, count));
    const rows = Math.ceil(count / columns);
    const w = this.size.width / columns;
    const h = this.size.height / rows;
    const zoom = Math.log2(Math.max(1, Math.min(w, h)) / (2 * MARGIN));
    this.radius = Math.max(1.6, Math.min(4, Math.min(w, h) / 170));
    this.viewStates = Object.fromEntries(
      [...this.panels.keys()].map((id) => [
        id,
        { target: [0, 0, 0] as [number, number, number], zoom },
      ]),
    );
    this.deck.setProps({ viewState: { ...this.viewStates } });
  }

  /** Resets pan and zoom of every panel. */
  resetViews(): void {
    this.fitViews();
    this.render('reset');
  }

  /** Changes the panel grid (e.g. from one row on a wide screen to two on a phone). */
  setColumns(columns: number): void {
    if (columns === this.columns) return;
    this.columns = columns;
    this.deck.setProps({ views: this.views() });
    this.fitViews();
    this.render('columns');
  }

  private pick(info: PickingInfo): PointerPick | null {
    const id = info.viewport?.id ?? info.layer?.id.split(':')[0];
    if (!id || info.x < 0) return null;
    const onNode = info.layer?.id === `${id}:nodes` && info.index >= 0;
    return { panel: id, index: onNode ? info.index : -1, x: info.x, y: info.y };
  }

  /** Moves a panel's nodes to `target` (interleaved x, y), tweened unless `animate` is false. */
  setPositions(id: string, target: Float32Array, animate = true): void {
    const panel = this.panel(id);
    if (target.length !== panel.n * 2)
      throw new Error(`scene: ${id} expects ${panel.n * 2} coordinates, got ${target.length}`);
    const duration = animate ? this.options.duration : 0;
    panel.from.set(panel.placed ? panel.current : target);
    panel.placed = true;
    panel.to = target;
    panel.start = performance.now();
    panel.duration = duration;
    this.schedule();
  }

  /** Replaces a panel's node colours (n × 4 RGBA bytes). */
  setColours(id: string, colours: Uint8Array): void {
    const panel = this.panel(id);
    panel.colours = colours;
    panel.nodeData.attributes['getFillColor'] = { value: colours, size: 4, normalized: true };
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
      panel.edgeColours = new Uint8Array(m * 4);
      panel.edgeData = { length: m, attributes: {} };
      this.updateEdgeColours(panel);
    }
    panel.edgesVisible = visible && !!edges;
    this.updateEdgePositions(panel);
    this.schedule();
  }

  /** Nodes drawn with a ring (selection, hover); an empty list clears them. */
  setMarks(id: string, nodes: number[]): void {
    const panel = this.panel(id);
    panel.marks = nodes.filter((i) => i >= 0 && i < panel.n);
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
    panel.edgeData.attributes['getColor'] = { value: panel.edgeColours, size: 4, normalized: true };
    panel.edgeVersion++;
  }

  private updateEdgePositions(panel: Panel): void {
    const edges = panel.edges;
    if (!edges || !panel.edgesVisible) return;
    const p = panel.current;
    for (let e = 0; e < edges.source.length; e++) {
      const s = 2 * edges.source[e];
      const t = 2 * edges.target[e];
      panel.edgeSrc[2 * e] = p[s];
      panel.edgeSrc[2 * e + 1] = p[s + 1];
      panel.edgeDst[2 * e] = p[t];
      panel.edgeDst[2 * e + 1] = p[t + 1];
    }
    panel.edgeData.attributes['getSourcePosition'] = { value: panel.edgeSrc, size: 2 };
    panel.edgeData.attributes['getTargetPosition'] = { value: panel.edgeDst, size: 2 };
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
    this.frameStart = this.placed() ? now : -1;
    let moving = false;
    for (const panel of this.panels.values()) {
      if (panel.to === panel.current) continue;
      const t = panel.duration > 0 ? Math.min(1, (now - panel.start) / panel.duration) : 1;
      lerpInto(panel.current, panel.from, panel.to, easeInOut(t));
      panel.nodeData.attributes['getPosition'] = { value: panel.current, size: 2 };
      panel.posVersion++;
      this.updateEdgePositions(panel);
      if (t < 1) moving = true;
      else panel.to = panel.current;
    }
    this.render('tween');
    if (moving) this.schedule();
  }

  private placed(): boolean {
    for (const panel of this.panels.values()) if (!panel.placed) return false;
    return true;
  }

  private layers(): Layer[] {
    const layers: Layer[] = [];
    if (!this.placed()) return layers;
    const ring: [number, number, number, number] = this.dark
      ? [245, 245, 245, 255]
      : [20, 20, 20, 255];
    for (const panel of this.panels.values()) {
      layers.push(
        new LineLayer({
          id: `${panel.id}:edges`,
          data: panel.edgeData,
          updateTriggers: {
            getSourcePosition: panel.edgeVersion,
            getTargetPosition: panel.edgeVersion,
            getColor: panel.edgeVersion,
          },
          visible: panel.edgesVisible,
          widthUnits: 'pixels',
          getWidth: 1,
        }),
        new ScatterplotLayer({
          id: `${panel.id}:nodes`,
          data: panel.nodeData,
          updateTriggers: { getPosition: panel.posVersion, getFillColor: panel.colourVersion },
          radiusUnits: 'pixels',
          getRadius: this.radius,
          pickable: true,
          antialiasing: true,
        }),
        new ScatterplotLayer({
          id: `${panel.id}:marks`,
          data: panel.marks,
          getPosition: (i: number) => [panel.current[2 * i], panel.current[2 * i + 1]],
          updateTriggers: { getPosition: `${panel.posVersion}:${panel.marks.join(',')}` },
          visible: panel.marks.length > 0,
          radiusUnits: 'pixels',
          getRadius: this.radius + 3.5,
          stroked: true,
          filled: false,
          lineWidthUnits: 'pixels',
          getLineWidth: 2,
          getLineColor: ring,
        }),
      );
    }
    return layers;
  }

  private render(reason: string): void {
    if (this.destroyed) return;
    if (this.frameStart < 0 && this.placed()) this.frameStart = performance.now();
    this.deck.setProps({ layers: this.layers() });
    this.deck.flush(reason);
  }

  /** Draws the current state now (e.g. after colours or marks changed without a tween). */
  redraw(): void {
    this.render('redraw');
  }

  destroy(): void {
    this.destroyed = true;
    this.resizeObserver?.disconnect();
    cancelAnimationFrame(this.frameRequest);
    this.deck.finalize();
  }
}

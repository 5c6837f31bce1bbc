/**
 * The Canvas2D renderer of a Scene (scene.ts): what a figure draws while deck.gl is still on
 * its way. On a slow phone the deck.gl chunk (≈ 200 KB gz) arrives a second or more after
 * the figure's own code and data, so the figure draws its first frames here, on a 2-D canvas
 * under the WebGL one, and the scene hands over once deck.gl has drawn (use-figure.ts). It
 * draws the same panels, cameras, dots, edges, rings, trail and image, on the same pixels
 * (`project`); the tween runs on the CPU as it does for picking; it has no drag-to-pan or
 * wheel zoom (deck.gl's controller): the zoom buttons, hover, click and keys work as with
 * deck.gl, since the Scene does them.
 *
 * `draw` redraws everything each frame: ≈ 2,000 arcs and a few thousand segments, batched
 * into one path per run of equal colour, in node order like the WebGL layers.
 */
import {
  project,
  type Box,
  type Panel,
  type Renderer,
  type Scene,
  type ViewState,
} from './scene.ts';

/** `rgba()` of 4 bytes at `offset` (straight alpha). */
const rgba = (c: Uint8Array, offset: number): string =>
  `rgba(${c[offset]},${c[offset + 1]},${c[offset + 2]},${(c[offset + 3] ?? 255) / 255})`;

/** True if the 4-byte colours at offsets a and b are equal. */
const sameColour = (c: Uint8Array, a: number, b: number): boolean =>
  c[a] === c[b] && c[a + 1] === c[b + 1] && c[a + 2] === c[b + 2] && c[a + 3] === c[b + 3];

export class CanvasRenderer implements Renderer {
  readonly kind = 'canvas';
  private readonly scene: Scene;
  private readonly target: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly events: HTMLCanvasElement;
  /** A panel's image as a canvas, rebuilt when its version changes. */
  private readonly images = new Map<string, { version: number; canvas: HTMLCanvasElement }>();

  /**
   * Draws `scene` on `target`, a 2-D canvas over the same box as `events`, the canvas the
   * scene reads the pointer on (its cursor follows the hover).
   */
  constructor(scene: Scene, target: HTMLCanvasElement, events: HTMLCanvasElement) {
    const ctx = target.getContext('2d');
    if (!ctx) throw new Error('canvas-scene: no 2-D context');
    this.scene = scene;
    this.target = target;
    this.ctx = ctx;
    this.events = events;
  }

  /** The grid and cameras are read at each draw. */
  gridChanged(): void {}
  viewStatesChanged(): void {}

  hoverChanged(): void {
    this.events.style.cursor = this.scene.hovering ? 'pointer' : '';
  }

  draw(): void {
    const scene = this.scene;
    const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
    const width = Math.round(scene.size.width * ratio);
    const height = Math.round(scene.size.height * ratio);
    // Resizing the backing store clears it; every frame draws everything anyway.
    if (this.target.width !== width) this.target.width = width;
    if (this.target.height !== height) this.target.height = height;
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (scene.placed()) {
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      for (const panel of scene.panels.values()) this.drawPanel(panel);
    }
    scene.frameDrawn(this);
  }

  private drawPanel(panel: Panel): void {
    const scene = this.scene;
    const box = scene.boxOf(panel.id);
    const state = scene.viewStates[panel.id];
    if (!box || !state) return;
    const ctx = this.ctx;
    ctx.save();
    ctx.translate(box.x, box.y);
    ctx.beginPath();
    ctx.rect(0, 0, box.width, box.height);
    ctx.clip();
    const at = (points: Float32Array, i: number) =>
      project(state, box, points[2 * i] ?? 0, points[2 * i + 1] ?? 0);
    const p = panel.current;

    if (panel.image) this.drawImage(panel, state, box);
    if (panel.trail) {
      const { sources, targets, colours } = panel.trail;
      this.drawSegments(colours, 1.5, (e) => [at(sources, e), at(targets, e)]);
    }
    const edges = panel.edges;
    if (edges && panel.edgesVisible && !panel.edgesHeld)
      this.drawSegments(panel.edgeColours, 1, (e) => [
        at(p, edges.source[e] ?? 0),
        at(p, edges.target[e] ?? 0),
      ]);

    // Dots in node order (as the WebGL layer draws them), one fill per run of equal colour.
    const c = panel.colours;
    for (let i = 0; i < panel.n;) {
      let j = i;
      ctx.beginPath();
      while (j < panel.n && sameColour(c, 4 * i, 4 * j)) {
        const [x, y] = at(p, j);
        const r = panel.radius * scene.scaleOf(panel, j);
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
        j++;
      }
      if (c[4 * i + 3]) {
        ctx.fillStyle = rgba(c, 4 * i);
        ctx.fill();
      }
      i = j;
    }

    // Rings 2 px wide, their outer edge 3.5 px outside the node (the marks layer's stroke).
    const ring = scene.dark ? 'rgb(245,245,245)' : 'rgb(20,20,20)';
    ctx.lineWidth = 2;
    panel.marks.forEach((node, k) => {
      const [x, y] = at(p, node);
      const r = (panel.radius + 3.5) * (panel.markScales[k] ?? 1) - 1;
      ctx.strokeStyle = panel.markColours[4 * k + 3] ? rgba(panel.markColours, 4 * k) : ring;
      ctx.beginPath();
      ctx.arc(x, y, Math.max(0.5, r), 0, 2 * Math.PI);
      ctx.stroke();
    });
    ctx.restore();
  }

  /** Segments `e` = 0 … colours.length / 4 − 1 with ends from `ends`, one stroke per colour. */
  private drawSegments(
    colours: Uint8Array,
    width: number,
    ends: (e: number) => [[number, number], [number, number]],
  ): void {
    const byColour = new Map<number, number[]>();
    const m = colours.length / 4;
    for (let e = 0; e < m; e++) {
      if (!colours[4 * e + 3]) continue;
      const key =
        ((colours[4 * e] ?? 0) << 24) |
        ((colours[4 * e + 1] ?? 0) << 16) |
        ((colours[4 * e + 2] ?? 0) << 8) |
        (colours[4 * e + 3] ?? 0);
      let list = byColour.get(key);
      if (!list) byColour.set(key, (list = []));
      list.push(e);
    }
    const ctx = this.ctx;
    ctx.lineWidth = width;
    for (const list of byColour.values()) {
      ctx.beginPath();
      for (const e of list) {
        const [[x0, y0], [x1, y1]] = ends(e);
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y1);
      }
      ctx.strokeStyle = rgba(colours, 4 * (list[0] ?? 0));
      ctx.stroke();
    }
  }

  /** The panel's image stretched over its bounds, linearly filtered (as the image layer draws it). */
  private drawImage(panel: Panel, state: ViewState, box: Box): void {
    const image = panel.image;
    if (!image) return;
    let cached = this.images.get(panel.id);
    if (cached?.version !== panel.imageVersion) {
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const pixels = new Uint8ClampedArray(image.pixels);
      canvas.getContext('2d')?.putImageData(new ImageData(pixels, image.width, image.height), 0, 0);
      cached = { version: panel.imageVersion, canvas };
      this.images.set(panel.id, cached);
    }
    const [left, bottom, right, top] = image.bounds;
    const [x0, y0] = project(state, box, left, top);
    const [x1, y1] = project(state, box, right, bottom);
    this.ctx.imageSmoothingEnabled = true;
    this.ctx.drawImage(cached.canvas, x0, y0, x1 - x0, y1 - y0);
  }

  destroy(): void {
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.clearRect(0, 0, this.target.width, this.target.height);
    this.events.style.cursor = '';
    this.images.clear();
  }
}

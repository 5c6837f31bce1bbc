/**
 * The WebGL renderer of a Scene (scene.ts): one deck.gl canvas, one OrthographicView per
 * panel, nodes and edges as the plain-triangle DiscLayer and SegmentLayer (flat-layers.ts) fed
 * with typed arrays. Positions tween on the GPU; each step redraws synchronously so its cost
 * can be measured. This module is imported dynamically, so deck.gl loads only when a figure
 * needs it.
 *
 * A DeckRenderer may start before its scene has panels: the GPU device starts and the shaders
 * of both layer types are compiled by drawing them once, fully transparent, while the files
 * download (a first draw costs 0.7–1.5 s of shader compilation in a software renderer). The
 * warm-up layers stay in the layer list, never drawn again, so the compiled programs are
 * shared with the real layers instead of being freed and rebuilt.
 */
import { Deck, OrthographicController, OrthographicView, type Layer } from '@deck.gl/core';
import { BOX_EXTENT, FITTED, viewStateOf } from './camera.ts';
import { DiscLayer, ImageLayer, SegmentLayer } from './flat-layers.ts';
import type { Cell, Renderer, Scene, ViewState } from './scene.ts';

export interface DeckRendererOptions {
  /** Some panel will show an image (decision regions): compile its program in the warm-up. @default false */
  images?: boolean;
  onContextLost?: () => void;
  onError?: (error: Error) => void;
}

/** Wheel zoom speed: about 1.25× per notch of a mouse wheel (deltaY 100). */
const WHEEL_SPEED = 0.005;

/**
 * Pans with a mouse or two fingers, never with one finger: a one-finger swipe is left to the
 * browser (touch-action: pan-y), so it scrolls the page as it does on map embeds.
 */
class TwoFingerController extends OrthographicController {
  override handleEvent(event: Parameters<OrthographicController['handleEvent']>[0]): boolean {
    if (event.type.startsWith('pan') && 'pointerType' in event && event.pointerType === 'touch')
      return false;
    return super.handleEvent(event);
  }
}
/** The same, with the wheel left to the page unless Ctrl or ⌘ is held (article figures). */
class ModifierWheelController extends TwoFingerController {
  override handleEvent(event: Parameters<OrthographicController['handleEvent']>[0]): boolean {
    if (event.type === 'wheel' && 'srcEvent' in event) {
      const wheel = event.srcEvent as WheelEvent;
      if (!wheel.ctrlKey && !wheel.metaKey) return false;
    }
    return super.handleEvent(event);
  }
}
/** View and layer-id prefix of the warm-up draw. */
const WARM = 'warm-up';

/** One transparent disc, ring and segment (and image): the programs the panels use. */
function warmUpLayers(images: boolean): Layer[] {
  const at = Float32Array.of(0, 0);
  const clear = new Uint8Array(4);
  return [
    ...(images
      ? [
          new ImageLayer({
            id: `${WARM}:image`,
            pixels: clear,
            width: 1,
            height: 1,
            bounds: [0, 0, 0.1, 0.1],
          }),
        ]
      : []),
    new SegmentLayer({
      id: `${WARM}:edges`,
      sources: at,
      targets: Float32Array.of(0.5, 0.5),
      colours: clear,
      count: 1,
    }),
    new DiscLayer({ id: `${WARM}:nodes`, positions: at, colours: clear, count: 1 }),
    new DiscLayer({
      id: `${WARM}:marks`,
      positions: at,
      colours: clear,
      count: 1,
      radius: 6,
      stroke: 2,
    }),
  ];
}

/** Deck with a synchronous flush, so a tween step is updated and drawn inside one task. */
class FlushingDeck extends Deck<OrthographicView[]> {
  flush(reason: string): void {
    this.layerManager?.updateLayers();
    this.redraw(reason);
  }
}

/** The deck.gl view of a panel's cell (percentages of the canvas, y up). */
export function cellView(
  cell: Cell,
  controller: NonNullable<ConstructorParameters<typeof OrthographicView>[0]>['controller'] = false,
): OrthographicView {
  return new OrthographicView({
    id: cell.id,
    x: `${cell.x}%`,
    y: `${cell.y}%`,
    width: `${cell.width}%`,
    height: `${cell.height}%`,
    flipY: false,
    controller,
  });
}

export class DeckRenderer implements Renderer {
  readonly kind = 'webgl';
  private readonly deck: FlushingDeck;
  private readonly warmUp: Layer[];
  private readonly scene: Scene;

  /** Draws `scene` on `canvas`, the canvas the scene reads the pointer on. */
  constructor(scene: Scene, canvas: HTMLCanvasElement, options: DeckRendererOptions = {}) {
    this.scene = scene;
    this.warmUp = warmUpLayers(options.images ?? false);
    canvas.addEventListener('webglcontextlost', (event) => {
      event.preventDefault();
      options.onContextLost?.();
    });
    this.deck = new FlushingDeck({
      canvas,
      views: this.views(),
      viewState: scene.viewStates,
      controller: false,
      // No multisampling or depth buffer: discs and segments antialias in their own shaders,
      // and layers draw in order. preserveDrawingBuffer keeps the pixels readable (tests).
      deviceProps: {
        webgl: { antialias: false, depth: false, stencil: false, preserveDrawingBuffer: true },
      },
      useDevicePixels: Math.min(2, globalThis.devicePixelRatio || 1),
      // One finger scrolls the page, also over an interactive plot (see TwoFingerController).
      touchAction: 'pan-y',
      layers: this.warmUp,
      layerFilter: ({ layer, viewport }) => layer.id.startsWith(`${viewport.id}:`),
      getCursor: ({ isDragging }) =>
        isDragging
          ? 'grabbing'
          : scene.hovering
            ? 'pointer'
            : scene.interactive
              ? 'grab'
              : 'default',
      onResize: (size) => scene.resize(size),
      onLoad: () => scene.resize({ width: canvas.clientWidth, height: canvas.clientHeight }),
      onViewStateChange: ({ viewId, viewState }) => {
        scene.viewStateSet(viewId, viewState as ViewState);
        return viewState;
      },
      onAfterRender: () => scene.frameDrawn(this),
      onError: (error) =>
        options.onError?.(error instanceof Error ? error : new Error(String(error))),
    });
  }

  gridChanged(): void {
    this.deck.setProps({ views: this.views() });
  }

  /** Before the panels exist, the warm-up view shows the box. */
  viewStatesChanged(): void {
    const scene = this.scene;
    const states = scene.panels.size
      ? scene.viewStates
      : { [WARM]: { ...viewStateOf(BOX_EXTENT, FITTED, scene.frame) } };
    this.deck.setProps({ viewState: { ...states } });
  }

  /** deck.gl's cursor follows the scene's hover (getCursor). */
  hoverChanged(): void {}

  private views(): OrthographicView[] {
    const scene = this.scene;
    if (scene.panels.size === 0) return [new OrthographicView({ id: WARM, flipY: false })];
    const controller = scene.interactive
      ? {
          type: scene.wheelNeedsModifier ? ModifierWheelController : TwoFingerController,
          doubleClickZoom: true,
          scrollZoom: { smooth: false, speed: WHEEL_SPEED },
          dragPan: true,
          touchZoom: true,
          multiTouchDrag: 'pan' as const,
          // Arrow keys walk from node to node instead (figures' keyboard handling).
          keyboard: false,
        }
      : false;
    return scene.cellsOf().map((cell) => cellView(cell, controller));
  }

  private layers(): Layer[] {
    // The warm-up layers stay listed (no view draws them once the panels exist).
    const layers: Layer[] = [...this.warmUp];
    const scene = this.scene;
    if (!scene.placed()) return layers;
    const ring = Uint8Array.from(scene.dark ? [245, 245, 245, 255] : [20, 20, 20, 255]);
    for (const panel of scene.panels.values()) {
      const rings = new Uint8Array(panel.marks.length * 4);
      for (let k = 0; k < panel.marks.length; k++)
        rings.set(
          panel.markColours[4 * k + 3] ? panel.markColours.subarray(4 * k, 4 * k + 4) : ring,
          4 * k,
        );
      if (panel.image)
        layers.push(
          new ImageLayer({
            id: `${panel.id}:image`,
            pixels: panel.image.pixels,
            width: panel.image.width,
            height: panel.image.height,
            bounds: panel.image.bounds,
            pixelsVersion: panel.imageVersion,
          }),
        );
      if (panel.trail)
        layers.push(
          new SegmentLayer({
            id: `${panel.id}:trail`,
            sources: panel.trail.sources,
            targets: panel.trail.targets,
            colours: panel.trail.colours,
            count: panel.trail.colours.length / 4,
            positionsVersion: panel.trail.version,
            coloursVersion: panel.trail.version,
            width: 1.5,
          }),
        );
      layers.push(
        new SegmentLayer({
          id: `${panel.id}:edges`,
          sources: panel.edgeSrc,
          targets: panel.edgeDst,
          fromSources: panel.edgeSrcFrom,
          fromTargets: panel.edgeDstFrom,
          progress: panel.progress,
          colours: panel.edgeColours,
          count: panel.edges?.source.length ?? 0,
          positionsVersion: panel.edgeVersion,
          coloursVersion: panel.edgeColourVersion,
          visible: panel.edgesVisible && !panel.edgesHeld,
          width: 1,
          hairline: scene.moving,
        }),
        new DiscLayer({
          id: `${panel.id}:nodes`,
          positions: panel.to,
          fromPositions: panel.from,
          progress: panel.progress,
          colours: panel.colours,
          count: panel.n,
          positionsVersion: panel.posVersion,
          coloursVersion: panel.colourVersion,
          radius: panel.radius,
          scales: panel.scales,
          scalesVersion: panel.scaleVersion,
        }),
        new DiscLayer({
          id: `${panel.id}:marks`,
          positions: panel.markXY,
          colours: rings,
          count: panel.marks.length,
          positionsVersion: panel.markVersion,
          coloursVersion: panel.markVersion * 2 + (scene.dark ? 1 : 0),
          visible: panel.marks.length > 0,
          radius: panel.radius + 3.5,
          scales: panel.markScales,
          scalesVersion: panel.markVersion,
          stroke: 2,
        }),
      );
    }
    return layers;
  }

  draw(reason: string): void {
    this.deck.setProps({ layers: this.layers() });
    this.deck.flush(reason);
  }

  destroy(): void {
    this.deck.finalize();
  }
}

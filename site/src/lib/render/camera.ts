/**
 * A panel's camera: which square of the layout box it shows (the drawn extent of the contract,
 * or the fixed box for panels whose frame means something in box units), the dot radius that
 * goes with it, and the conversion between that fitted camera plus the reader's pan and zoom
 * and deck.gl's OrthographicView state. Pure functions; scene.ts holds the state.
 */
import {
  dotRadius,
  drawnView,
  toPanelPixels,
  type DrawnExtent,
} from '../../../../pipeline/contract.ts';

/** The box [-1, 1]² with the 8 % margin the figures always drew it with. */
export const BOX_EXTENT: DrawnExtent = { cx: 0, cy: 0, half: 1.08 };

/** Pan and zoom of a panel relative to its fitted camera: centre offset in fitted half-sides, zoom in powers of 2. */
export interface PanelView {
  x: number;
  y: number;
  zoom: number;
}

/** No pan, no zoom: the fitted camera itself. */
export const FITTED: PanelView = { x: 0, y: 0, zoom: 0 };

/** Where a panel's square drawing area lies: side and top inset in CSS pixels. */
export interface PanelFrame {
  /** Side of the square the camera fills: min(width, height − inset). */
  side: number;
  /** CSS pixels kept free at the top (labels over the canvas); the square is centred below them. */
  inset: number;
}

/** The camera of a layout and its dot radius in a `side`-pixel panel; `fit` false keeps the box. */
export function fitCamera(
  positions: ArrayLike<number>,
  n: number,
  side: number,
  fit: boolean,
): { extent: DrawnExtent; radius: number } {
  if (fit) {
    const { extent, radius } = drawnView(positions, n, side);
    return { extent, radius };
  }
  return { extent: BOX_EXTENT, radius: boxRadius(positions, n, side) };
}

/** The dot radius of a layout drawn in the fixed box. */
function boxRadius(positions: ArrayLike<number>, n: number, side: number): number {
  return dotRadius(toPanelPixels(positions, n, BOX_EXTENT, side), n, side);
}

/** The radius of a layout drawn with a given camera (a panel resized: the camera stays, the radius follows). */
export function radiusFor(
  positions: ArrayLike<number>,
  n: number,
  extent: DrawnExtent,
  side: number,
): number {
  return dotRadius(toPanelPixels(positions, n, extent, side), n, side);
}

/** a + (b − a)·t for every field of a camera. */
export function lerpExtent(a: DrawnExtent, b: DrawnExtent, t: number): DrawnExtent {
  if (t >= 1) return b;
  return {
    cx: a.cx + (b.cx - a.cx) * t,
    cy: a.cy + (b.cy - a.cy) * t,
    half: a.half + (b.half - a.half) * t,
  };
}

/** deck.gl zoom (log2 of CSS pixels per box unit) at which `extent` fills the square. */
export function fittedZoom(extent: DrawnExtent, frame: PanelFrame): number {
  return Math.log2(Math.max(1, frame.side) / (2 * extent.half));
}

/** The OrthographicView state (flipY false: y up) that shows `extent` moved by `view`. */
export function viewStateOf(
  extent: DrawnExtent,
  view: PanelView,
  frame: PanelFrame,
): { target: [number, number, number]; zoom: number } {
  const zoom = fittedZoom(extent, frame) + view.zoom;
  // A target above the drawing's centre moves the drawing down, by half the inset.
  const shift = frame.inset / 2 / 2 ** zoom;
  return {
    target: [extent.cx + view.x * extent.half, extent.cy + view.y * extent.half + shift, 0],
    zoom,
  };
}

/** The inverse of `viewStateOf`: the reader's pan and zoom relative to the fitted camera. */
export function relativeView(
  extent: DrawnExtent,
  state: { target: readonly number[]; zoom: number },
  frame: PanelFrame,
): PanelView {
  const shift = frame.inset / 2 / 2 ** state.zoom;
  return {
    x: ((state.target[0] ?? 0) - extent.cx) / extent.half,
    y: ((state.target[1] ?? 0) - shift - extent.cy) / extent.half,
    zoom: state.zoom - fittedZoom(extent, frame),
  };
}

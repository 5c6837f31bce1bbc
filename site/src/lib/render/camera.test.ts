import { describe, expect, it } from 'vitest';
import { dotRadius, drawnExtent, toPanelPixels } from '../../../../pipeline/contract.ts';
import {
  BOX_EXTENT,
  FITTED,
  fitCamera,
  lerpExtent,
  radiusFor,
  relativeView,
  viewStateOf,
  type PanelFrame,
} from './camera.ts';

/** deck.gl's OrthographicView (flipY false) in a width × height panel: box → CSS pixels, y down. */
function project(
  state: { target: readonly number[]; zoom: number },
  width: number,
  height: number,
  [x, y]: [number, number],
): [number, number] {
  const scale = 2 ** state.zoom;
  return [
    width / 2 + (x - (state.target[0] ?? 0)) * scale,
    height / 2 - (y - (state.target[1] ?? 0)) * scale,
  ];
}

/** A cluster far from the box centre, with one stray point. */
function layout(): Float32Array {
  const xy: number[] = [];
  for (let i = 0; i < 200; i++) xy.push(0.3 + 0.2 * Math.cos(i), -0.4 + 0.1 * Math.sin(3 * i));
  xy.push(-0.95, 0.95);
  return Float32Array.from(xy);
}

describe('panel camera', () => {
  it('shows the drawn extent exactly in the square under the inset', () => {
    const extent = { cx: 0.3, cy: -0.4, half: 0.25 };
    const [width, height, inset] = [500, 420, 26];
    const frame: PanelFrame = { side: Math.min(width, height - inset), inset };
    const state = viewStateOf(extent, FITTED, frame);
    const [left, top] = project(state, width, height, [
      extent.cx - extent.half,
      extent.cy + extent.half,
    ]);
    const [right, bottom] = project(state, width, height, [
      extent.cx + extent.half,
      extent.cy - extent.half,
    ]);
    expect(right - left).toBeCloseTo(frame.side, 9);
    expect(bottom - top).toBeCloseTo(frame.side, 9);
    // Centred across; centred in the height below the inset.
    expect(left).toBeCloseTo((width - frame.side) / 2, 9);
    expect(top).toBeCloseTo(inset + (height - inset - frame.side) / 2, 9);
  });

  it('keeps the reader’s pan and zoom relative to the fitted camera, which it follows', () => {
    const frame: PanelFrame = { side: 390, inset: 0 };
    const view = { x: 0.5, y: -0.25, zoom: 1 };
    const a = { cx: 0, cy: 0, half: 1 };
    const b = { cx: 0.4, cy: 0.2, half: 0.5 };
    for (const extent of [a, b]) {
      const state = viewStateOf(extent, view, frame);
      const back = relativeView(extent, state, frame);
      expect(back.x).toBeCloseTo(view.x, 12);
      expect(back.y).toBeCloseTo(view.y, 12);
      expect(back.zoom).toBeCloseTo(view.zoom, 12);
    }
    // The view centre sits at the same place relative to each extent: half a half-side right.
    expect(viewStateOf(b, view, frame).target[0]).toBeCloseTo(0.4 + 0.25, 12);
    // Zoom +1 on a half as large extent: four times the pixels per box unit of zoom 0 on `a`.
    expect(viewStateOf(b, view, frame).zoom - viewStateOf(a, FITTED, frame).zoom).toBeCloseTo(
      2,
      12,
    );
  });

  it('fits the contract’s extent and dot radius, or keeps the box when told to', () => {
    const xy = layout();
    const n = xy.length / 2;
    const fitted = fitCamera(xy, n, 700, true);
    expect(fitted.extent).toEqual(drawnExtent(xy, n));
    expect(fitted.radius).toBe(dotRadius(toPanelPixels(xy, n, fitted.extent, 700), n, 700));
    // The stray point does not widen the camera: the cluster fills it.
    expect(fitted.extent.half).toBeLessThan(0.35);
    const box = fitCamera(xy, n, 700, false);
    expect(box.extent).toBe(BOX_EXTENT);
    // The same dots drawn smaller in the box: closer together, smaller radius.
    expect(box.radius).toBeLessThan(fitted.radius);
    expect(radiusFor(xy, n, fitted.extent, 700)).toBe(fitted.radius);
  });

  it('tweens the camera between its ends and lands exactly on the target', () => {
    const a = { cx: 0, cy: 0, half: 1 };
    const b = { cx: 0.5, cy: -0.2, half: 0.3 };
    expect(lerpExtent(a, b, 0)).toEqual(a);
    expect(lerpExtent(a, b, 1)).toBe(b);
    const mid = lerpExtent(a, b, 0.5);
    expect(mid.cx).toBeCloseTo(0.25, 12);
    expect(mid.cy).toBeCloseTo(-0.1, 12);
    expect(mid.half).toBeCloseTo(0.65, 12);
  });
});

import { describe, expect, it } from 'vitest';
import { REFERENCE_PANEL_PX, drawnView, visibleNodes } from '../contract.ts';
import { createRandom, gaussian } from '../util/random.ts';
import { visibleShare } from './visible-share.ts';

/** The definition, O(n²): inside the panel and no later centre closer than r. */
function naiveVisible(layout: Float32Array, n: number, side = REFERENCE_PANEL_PX): number[] {
  const { pixels: p, radius: r } = drawnView(layout, n, side);
  return Array.from({ length: n }, (_, i) => {
    const [x, y] = [p[2 * i], p[2 * i + 1]];
    if (!(x >= 0 && x <= side && y >= 0 && y <= side)) return 0;
    for (let j = i + 1; j < n; j++) {
      const dx = p[2 * j] - x;
      const dy = p[2 * j + 1] - y;
      if (dx * dx + dy * dy < r * r) return 0;
    }
    return 1;
  });
}

/** Gaussian blobs of different spreads (dense and sparse regions), plus a few far outliers. */
function blobs(n: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const blob = i % 5;
    const spread = 0.02 * (1 + 3 * blob);
    out[2 * i] = Math.cos(blob) * 0.6 + spread * gaussian(random);
    out[2 * i + 1] = Math.sin(blob) * 0.6 + spread * gaussian(random);
  }
  for (let i = 0; i < n; i += 97) out[2 * i] += 5 * (random() - 0.5);
  return out;
}

describe('visibleShare', () => {
  it('matches the O(n²) definition on random layouts of every density', () => {
    for (const [n, seed, side] of [
      [2300, 1, 700],
      [1200, 2, 700],
      [600, 3, 390],
      [50, 4, 700],
      [2, 5, 700],
    ] as const) {
      const layouts = [blobs(n, seed), Float32Array.from({ length: 2 * n }, createRandom(seed))];
      for (const layout of layouts) {
        const fast = Array.from(visibleNodes(layout, n, side));
        expect(fast, `n ${n}, seed ${seed}`).toEqual(naiveVisible(layout, n, side));
        const share = visibleShare(layout, n, { side });
        expect(share).toBe(fast.reduce((s, v) => s + v, 0) / n);
      }
    }
    // The dense blobs do bury dots: the test compares something other than all-visible.
    const dense = visibleShare(blobs(2300, 1), 2300);
    expect(dense).toBeGreaterThan(0.3);
    expect(dense).toBeLessThan(0.95);
  });

  it('covers exactly the earlier node of each coincident pair', () => {
    // 100 distinct points on a 10×10 grid (≈ 55 px apart in the panel), then copies of the
    // first 30: nodes 0 … 29 are covered by their later copies, nothing else is.
    const grid = Array.from({ length: 100 }, (_, i) => [
      (i % 10) / 9 - 0.5,
      Math.floor(i / 10) / 9 - 0.5,
    ]);
    const points = [...grid, ...grid.slice(0, 30)];
    const n = points.length;
    const layout = Float32Array.from(points.flat());
    const visible = Array.from(visibleNodes(layout, n));
    expect(visible).toEqual(Array.from({ length: n }, (_, i) => (i < 30 ? 0 : 1)));
    expect(visibleShare(layout, n)).toBe(100 / 130);
  });

  it('lets a later dot cover an earlier one closer than r, never the reverse', () => {
    // Two far points fix the camera; nodes 2 and 3 sit a quarter radius apart.
    const base = [-1, -1, 1, 1, 0, 0];
    const { radius, extent } = drawnView(Float32Array.from([...base, 0, 0]), 4, REFERENCE_PANEL_PX);
    const step = ((radius / 4) * 2 * extent.half) / REFERENCE_PANEL_PX; // r/4 in box units
    const layout = Float32Array.from([...base, step, 0]);
    expect(Array.from(visibleNodes(layout, 4))).toEqual([1, 1, 0, 1]);
    // Moved three radii apart, both show.
    const apart = Float32Array.from([...base, 12 * step, 0]);
    expect(Array.from(visibleNodes(apart, 4))).toEqual([1, 1, 1, 1]);
  });

  it('counts a node drawn outside the panel as not visible', () => {
    // 200 points in a disc and one far outside the camera's robust extent.
    const random = createRandom(7);
    const layout = Float32Array.from({ length: 402 }, () => 0.5 * gaussian(random));
    layout[400] = 40;
    const visible = visibleNodes(layout, 201);
    expect(visible[200]).toBe(0);
    expect(naiveVisible(layout, 201)[200]).toBe(0);
  });

  it('names bad input', () => {
    expect(() => visibleShare(new Float32Array(0), 0)).toThrow(
      'visibleShare: n (0) must be a positive integer',
    );
    expect(() => visibleShare(new Float32Array(5), 3)).toThrow(
      'visibleShare: layout length (5) must equal 2n (6)',
    );
    expect(() => visibleShare(new Float32Array(6), 3, { side: 0 })).toThrow(
      'visibleShare: side (0) must be > 0 pixels',
    );
  });
});

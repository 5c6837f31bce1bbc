import { describe, expect, it } from 'vitest';
import { ringLayout } from './ring.ts';
import { spectralLayout } from './spectral.ts';

/** Two dense groups of 20 joined by one edge. */
function twoCliques(): { source: number[]; target: number[] } {
  const source: number[] = [];
  const target: number[] = [];
  for (const offset of [0, 20]) {
    for (let i = 0; i < 20; i++) {
      for (let j = i + 1; j < 20; j++) {
        source.push(offset + i);
        target.push(offset + j);
      }
    }
  }
  source.push(0);
  target.push(20);
  return { source, target };
}

describe('spectralLayout', () => {
  it('places two weakly joined groups apart, inside the box, without NaN', () => {
    const { source, target } = twoCliques();
    const xy = spectralLayout(40, source, target);
    expect(xy).toHaveLength(80);
    expect(xy.every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
    const mean = (from: number) => {
      let x = 0;
      let y = 0;
      for (let i = from; i < from + 20; i++) {
        x += xy[2 * i] / 20;
        y += xy[2 * i + 1] / 20;
      }
      return [x, y] as const;
    };
    const [ax, ay] = mean(0);
    const [bx, by] = mean(20);
    const spread = (from: number, cx: number, cy: number) => {
      let s = 0;
      for (let i = from; i < from + 20; i++)
        s += Math.hypot(xy[2 * i] - cx, xy[2 * i + 1] - cy) / 20;
      return s;
    };
    expect(Math.hypot(ax - bx, ay - by)).toBeGreaterThan(
      3 * Math.max(spread(0, ax, ay), spread(20, bx, by)),
    );
  });

  it('is deterministic', () => {
    const { source, target } = twoCliques();
    expect(spectralLayout(40, source, target)).toEqual(spectralLayout(40, source, target));
  });
});

describe('ringLayout', () => {
  it('puts every node on the circle, grouped by class', () => {
    const xy = ringLayout([1, 0, 1, 0], 0.5);
    for (let i = 0; i < 4; i++) expect(Math.hypot(xy[2 * i], xy[2 * i + 1])).toBeCloseTo(0.5, 6);
    // Nodes 1 and 3 (class 0) are neighbours on the ring.
    expect(Math.hypot(xy[2] - xy[6], xy[3] - xy[7])).toBeCloseTo(Math.SQRT2 * 0.5, 6);
  });
});

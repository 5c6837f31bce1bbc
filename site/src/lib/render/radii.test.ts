import { describe, expect, it } from 'vitest';
import { UNIT_RADIUS, forView, nodeRadii } from './radii.ts';

describe('node radii and per-view columns', () => {
  it('draws units larger than samples, and needs no radii when every node is a sample', () => {
    const kinds = Int8Array.from([0, 0, 1, 1, 0]);
    expect(Array.from(nodeRadii(kinds, Int32Array.from([4, 2, 3])) ?? [])).toEqual([
      1,
      Math.fround(UNIT_RADIUS),
      Math.fround(UNIT_RADIUS),
    ]);
    expect(nodeRadii(kinds, Int32Array.from([0, 1, 4]))).toBeNull();
  });

  it('gathers a column for a view’s nodes, without a copy when the view holds every node', () => {
    const labels = Int8Array.from([5, 6, 7]);
    expect(forView(labels, Int32Array.from([0, 1, 2]))).toBe(labels);
    expect(Array.from(forView(labels, Int32Array.from([2, 0])))).toEqual([7, 5]);
  });
});

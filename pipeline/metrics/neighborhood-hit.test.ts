import { describe, expect, it } from 'vitest';
import { pairwiseDistances } from '../graph/distances.ts';
import { neighborhoodHit } from './neighborhood-hit.ts';
import { nearestNeighbors } from './neighbors.ts';
import { clusteredPoints } from './test-data.ts';

describe('neighborhoodHit', () => {
  it('is 1 on well-separated labelled clusters', () => {
    const { data, labels } = clusteredPoints(400, 2, 4, 40, 1);
    const nn = nearestNeighbors(pairwiseDistances(data, 400, 2), 400, 10);
    expect(neighborhoodHit(nn, 400, 10, labels)).toBe(1);
  });

  it('is about 1/classes when the labels ignore the geometry', () => {
    const { data } = clusteredPoints(400, 2, 1, 0, 2);
    const nn = nearestNeighbors(pairwiseDistances(data, 400, 2), 400, 10);
    const labels = Int32Array.from({ length: 400 }, (_, i) => i % 4);
    const hit = neighborhoodHit(nn, 400, 10, labels);
    expect(hit).toBeGreaterThan(0.15);
    expect(hit).toBeLessThan(0.35);
  });

  it('matches a hand-computed case', () => {
    // n = 4, k = 2, labels 0, 0, 1, 1. Point 0 → {1, 2}: 1 hit; point 1 → {0, 3}: 1;
    // point 2 → {3, 0}: 1; point 3 → {2, 1}: 1. Mean 4 / 8 = 0.5.
    const nn = new Int32Array([1, 2, 0, 3, 3, 0, 2, 1]);
    expect(neighborhoodHit(nn, 4, 2, [0, 0, 1, 1])).toBe(0.5);
  });

  it('names the bad argument', () => {
    const nn = new Int32Array([1, 2, 0, 3, 3, 0, 2, 9]);
    expect(() => neighborhoodHit(nn, 4, 2, [0, 0, 1, 1])).toThrow(
      'neighborhoodHit: neighbors[7] (9) must be in 0 … n-1',
    );
    expect(() => neighborhoodHit(nn, 4, 3, [0, 0, 1, 1])).toThrow(
      'neighborhoodHit: neighbors length (8) must equal n*k (12)',
    );
    expect(() => neighborhoodHit(nn, 4, 2, [0, 0, 1])).toThrow(
      'neighborhoodHit: labels length (3) must equal n (4)',
    );
  });
});

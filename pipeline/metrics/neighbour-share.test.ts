import { describe, expect, it } from 'vitest';
import { pairwiseDistances } from '../graph/distances.ts';
import { nearestNeighbors } from './neighbors.ts';
import { neighbourMajorityShare } from './neighbour-share.ts';
import { VIEW_METRICS, type ViewMetricContext } from './registry.ts';

/**
 * A synthetic layout: 4 classes, 30 points each on a small disc around its class centre,
 * far apart. Points 0 … 19 are "scrambled": their true class is `i % 4`, their assigned label
 * `(i + 1) % 4`, and `insideAssigned` puts them on the disc of the assigned class (else the true one).
 */
function layout(insideAssigned: boolean) {
  const n = 120;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 4);
  const assigned = Int32Array.from(labels, (c, i) => (i < 20 ? (c + 1) % 4 : c));
  const scrambled = Int32Array.from({ length: n }, (_, i) => (i < 20 ? 1 : 0));
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const home = insideAssigned ? assigned[i] : labels[i];
    const angle = (i * 2.399) % (2 * Math.PI);
    const r = 0.05 * Math.sqrt((i % 30) / 30);
    xy[2 * i] = 10 * (home % 2) + r * Math.cos(angle);
    xy[2 * i + 1] = 10 * Math.floor(home / 2) + r * Math.sin(angle);
  }
  return { n, labels, assigned, scrambled, xy };
}

/** The registry's metric of `column` on a layout whose activations are the layout itself. */
function viaRegistry(column: string, insideAssigned: boolean): number {
  const { n, labels, assigned, scrambled, xy } = layout(insideAssigned);
  const dist = pairwiseDistances(xy, n, 2);
  const nn = nearestNeighbors(dist, n, 10);
  const context: ViewMetricContext = {
    n,
    activations: xy,
    dim: 2,
    layout: xy,
    labels,
    k: 10,
    highDist: dist,
    lowDist: dist,
    highNeighbors: nn,
    lowNeighbors: nn,
    seed: 0,
    nodeColumns: { assigned, scrambled },
  };
  const metric = VIEW_METRICS[column];
  if (!metric) throw new Error(`no metric ${column}`);
  return metric(context);
}

describe('scrambled-sample neighbour shares', () => {
  it('are 1 (assigned) and 0 (true) when every scrambled point sits inside its assigned class', () => {
    expect(viaRegistry('scrambled_assigned_layout', true)).toBe(1);
    expect(viaRegistry('scrambled_true_layout', true)).toBe(0);
    expect(viaRegistry('scrambled_assigned_activation', true)).toBe(1);
    expect(viaRegistry('scrambled_true_activation', true)).toBe(0);
  });

  it('are 0 (assigned) and 1 (true) when every scrambled point sits inside its true class', () => {
    expect(viaRegistry('scrambled_assigned_layout', false)).toBe(0);
    expect(viaRegistry('scrambled_true_layout', false)).toBe(1);
  });

  it('need more than half of the neighbours, and are −1 without scrambled points', () => {
    // n = 5, k = 2; point 0 (true 0, assigned 1) has neighbours 1 (class 1) and 2 (class 0): a tie, neither.
    const nn = new Int32Array([1, 2, 0, 2, 0, 1, 4, 0, 3, 0]);
    const labels = [0, 1, 0, 1, 1];
    expect(neighbourMajorityShare(nn, 5, 2, labels, [1, 1, 0, 1, 1], [1, 0, 0, 0, 0])).toBe(0);
    expect(neighbourMajorityShare(nn, 5, 2, labels, labels, [1, 0, 0, 0, 0])).toBe(0);
    // Point 3 (true 1, assigned 0): neighbours 4 (class 1) and 0 (class 0): a tie again; point 4 → 3, 0: one each.
    expect(neighbourMajorityShare(nn, 5, 2, labels, labels, [0, 0, 0, 0, 0])).toBe(-1);
  });

  it('names a missing node column', () => {
    const { n, labels, xy } = layout(true);
    const dist = pairwiseDistances(xy, n, 2);
    const nn = nearestNeighbors(dist, n, 10);
    const context: ViewMetricContext = {
      n,
      activations: xy,
      dim: 2,
      layout: xy,
      labels,
      k: 10,
      highDist: dist,
      lowDist: dist,
      highNeighbors: nn,
      lowNeighbors: nn,
      seed: 0,
      nodeColumns: {},
    };
    expect(() => VIEW_METRICS.scrambled_assigned_layout?.(context)).toThrow(
      'metrics: this metric needs the node column "assigned" (given: none)',
    );
  });
});

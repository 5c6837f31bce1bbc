import { describe, expect, it } from 'vitest';
import {
  BIPARTITE_METRICS,
  FIDELITY,
  METRICS,
  SCRAMBLED_METRICS,
  VAE_METRICS,
  metricColumns,
} from '../contract.ts';
import { pairwiseDistances } from '../graph/distances.ts';
import { FIDELITY_METRICS } from './fidelity.ts';
import { localRadiusR } from './local-radius.ts';
import { nearestNeighbors } from './neighbors.ts';
import { VIEW_METRICS, viewMetric, type ViewMetricContext } from './registry.ts';
import { clusteredPoints, randomPoints } from './test-data.ts';
import { visibleShare } from './visible-share.ts';

describe('view metric registry', () => {
  it('resolves visible_share and local_radius_r to their functions on the context', () => {
    const n = 200;
    const dim = 5;
    const k = 8;
    const { data, labels } = clusteredPoints(n, dim, 4, 5, 1);
    const layout = randomPoints(n, 2, 2).map((v) => v / 3);
    const highDist = pairwiseDistances(data, n, dim);
    const lowDist = pairwiseDistances(layout, n, 2);
    const context: ViewMetricContext = {
      n,
      activations: data,
      dim,
      layout,
      labels,
      k,
      highDist,
      lowDist,
      highNeighbors: nearestNeighbors(highDist, n, k),
      lowNeighbors: nearestNeighbors(lowDist, n, k),
      seed: 0,
      nodeColumns: {},
    };
    expect(viewMetric('visible_share')(context)).toBe(visibleShare(layout, n));
    const r = localRadiusR(
      { dist: highDist, neighbors: context.highNeighbors },
      { dist: lowDist, neighbors: context.lowNeighbors },
      n,
      { k },
    );
    expect(viewMetric('local_radius_r')(context)).toBe(r);
    // Unrelated spaces: the values are real, not a constant the registry might return.
    expect(Math.abs(r)).toBeLessThan(0.5);
    expect(viewMetric('visible_share')(context)).toBeGreaterThan(0);
  });

  it('has a metric for every view column of every kind, and every fidelity metric is a fidelity.arrow column', () => {
    for (const spec of [METRICS, SCRAMBLED_METRICS, BIPARTITE_METRICS, VAE_METRICS])
      for (const column of metricColumns(spec, 'view'))
        expect(Object.hasOwn(VIEW_METRICS, column.name), column.name).toBe(true);
    for (const spec of [METRICS, SCRAMBLED_METRICS, VAE_METRICS]) {
      const names = metricColumns(spec, 'view').map((c) => c.name);
      expect(names).toContain('visible_share');
      expect(names).toContain('local_radius_r');
    }
    const fidelityColumns = FIDELITY.columns.map((c) => c.name);
    for (const name of FIDELITY_METRICS) expect(fidelityColumns).toContain(name);
    expect(FIDELITY_METRICS).toContain('visible_share');
    expect(FIDELITY_METRICS).toContain('local_radius_r');
  });

  it('names an unknown column', () => {
    expect(() => viewMetric('visibility')).toThrow(
      'metrics: no view metric is registered for column "visibility"',
    );
  });
});

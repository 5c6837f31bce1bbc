import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../lib/data/experiment.ts';
import { LOCAL_RADIUS_NOTE, VISIBLE_NOTE, trainingSeries } from './MetricStrip.tsx';

/** Metrics with the given view columns; every value of column c at layer p is its name length + p. */
function metricsWith(view: string[]): Metrics {
  return {
    snapshot: () => Float32Array.of(0.5, 0.9),
    view: (column, p) => Float32Array.of(column.length + p, column.length + p),
    columns: { snapshot: ['epoch', 'test_accuracy'], view },
  };
}

describe('trainingSeries', () => {
  const base = ['silhouette_layout', 'neighborhood_hit', 'trustworthiness', 'knn_preservation'];

  it('gives the explorer dots visible (a percentage) and local radius r, each with its note', () => {
    const series = trainingSeries(
      metricsWith([...base, 'visible_share', 'local_radius_r']),
      2,
      3,
      true,
      true,
    );
    const visible = series.find((s) => s.key === 'visible-share');
    const radius = series.find((s) => s.key === 'local-radius');
    expect(visible?.label).toBe('Dots visible, layer 3');
    expect(visible?.percent).toBe(true);
    expect(Array.from(visible?.values ?? [])).toEqual(['visible_share'.length + 2, 15]);
    expect(visible?.note).toBe(VISIBLE_NOTE);
    expect(VISIBLE_NOTE).toBe(
      'Dots visible: share of dots whose centre no later dot covers, 700 px panel.',
    );
    expect(radius?.label).toBe('Local radius r, layer 3');
    expect(radius?.values[0]).toBe('local_radius_r'.length + 2);
    expect(radius?.note).toBe(LOCAL_RADIUS_NOTE);
  });

  it('leaves them out of the article’s figures and of data without the columns', () => {
    const all = metricsWith([...base, 'visible_share', 'local_radius_r']);
    const keys = (m: Metrics, fidelity: boolean) =>
      trainingSeries(m, 0, 1, true, fidelity).map((s) => s.key);
    expect(keys(all, false)).not.toContain('visible-share');
    expect(keys(metricsWith(base), true)).toEqual([
      'accuracy',
      'silhouette',
      'neighborhood-hit',
      'trustworthiness',
      'knn-preservation',
    ]);
    expect(keys(all, true).slice(-2)).toEqual(['visible-share', 'local-radius']);
  });

  it('shows the snapshot metrics an imported run gave when it gave no test accuracy, and the layer’s name', () => {
    const given: Metrics = {
      snapshot: (column) =>
        column === 'test_loss' ? Float32Array.of(2.5, 0.4) : Float32Array.of(0, 1),
      view: () => Float32Array.of(0.1, 0.2),
      columns: { snapshot: ['epoch', 'test_loss'], view: base },
    };
    const series = trainingSeries(given, 0, 'conv2', true, true);
    expect(series.map((s) => s.key)).toEqual([
      'test-loss',
      'silhouette',
      'neighborhood-hit',
      'trustworthiness',
      'knn-preservation',
    ]);
    expect(series[0]?.domain).toEqual([0, 2.5]);
    expect(series[0]?.percent).toBeUndefined();
    expect(series[1]?.label).toBe('Silhouette, layer conv2');
  });
});

/** Small multiples of training metrics over snapshots, with a cursor at the current one. */
import { REFERENCE_PANEL_PX } from '../../../../pipeline/contract.ts';
import type { Metrics } from '../../lib/data/experiment.ts';
import { formatEpoch, formatPercent, formatScore } from '../../lib/format.ts';
import { SnapshotMark } from './SnapshotMark.tsx';
import { SPARK_H, SPARK_W, snapshotAtPointer, sparkPath, sparkX } from './sparkline.ts';

export interface MetricSeries {
  key: string;
  label: string;
  values: ArrayLike<number>;
  /** Shown as a percentage rather than a score. */
  percent?: boolean;
  /** y range; defaults to [min(0, min), 1]. */
  domain?: [number, number];
  /** Whole numbers (a count): printed without decimals. */
  count?: boolean;
  /** One line on what the series measures: the label's tooltip, and a note under the strip. */
  note?: string;
}

/** What the explorer's drawing metrics measure (metrics.arrow visible_share, local_radius_r). */
export const VISIBLE_NOTE = `Dots visible: share of dots whose centre no later dot covers, ${REFERENCE_PANEL_PX} px panel.`;
export const LOCAL_RADIUS_NOTE =
  'Local radius r: how well the drawing keeps each region’s density, densMAP’s correlation.';

/** The snapshot metrics an imported run may give instead of test accuracy, as the strip labels them. */
const GIVEN_METRICS: readonly (readonly [string, string, boolean])[] = [
  ['train_accuracy', 'Train accuracy', true],
  ['test_loss', 'Test loss', false],
  ['train_loss', 'Train loss', false],
];

/** The largest value of a series (for a loss's y range), at least a tiny positive number. */
function largest(values: ArrayLike<number>): number {
  let max = 1e-9;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] ?? 0);
  return max;
}

/**
 * The strip of a training figure: test accuracy (a run without it, an imported one, shows
 * the snapshot metrics it gave instead), then the layout silhouette of one layer
 * (`layerPos` in the manifest's layer list, `layer` its label), its linear-probe accuracy
 * (when metrics.arrow has it), if asked, its neighbourhood hit and, if asked, how faithful
 * and legible the layout is (trustworthiness, kNN preservation, and where metrics.arrow has
 * them dots visible and local radius r, for the explorer).
 */
export function trainingSeries(
  metrics: Metrics,
  layerPos: number,
  layer: number | string,
  withNeighbourhoodHit: boolean,
  withFidelity = false,
): MetricSeries[] {
  const given = metrics.columns.snapshot;
  const series: MetricSeries[] = given.includes('test_accuracy')
    ? [
        {
          key: 'accuracy',
          label: 'Test accuracy',
          values: metrics.snapshot('test_accuracy'),
          percent: true,
        },
      ]
    : GIVEN_METRICS.filter(([column]) => given.includes(column)).map(([column, label, percent]) => {
        const values = metrics.snapshot(column);
        return {
          key: column.replace('_', '-'),
          label,
          values,
          ...(percent ? { percent } : { domain: [0, largest(values)] as [number, number] }),
        };
      });
  series.push({
    key: 'silhouette',
    label: `Silhouette, layer ${layer}`,
    values: metrics.view('silhouette_layout', layerPos),
  });
  if (metrics.columns.view.includes('linear_probe'))
    series.push({
      key: 'linear-probe',
      label: `Linear probe, layer ${layer}`,
      values: metrics.view('linear_probe', layerPos),
      percent: true,
    });
  if (withNeighbourhoodHit) {
    series.push({
      key: 'neighborhood-hit',
      label: `Neighbourhood hit, layer ${layer}`,
      values: metrics.view('neighborhood_hit', layerPos),
    });
  }
  if (withFidelity) {
    series.push(
      {
        key: 'trustworthiness',
        label: `Trustworthiness, layer ${layer}`,
        values: metrics.view('trustworthiness', layerPos),
      },
      {
        key: 'knn-preservation',
        label: `kNN preservation, layer ${layer}`,
        values: metrics.view('knn_preservation', layerPos),
      },
    );
    if (metrics.columns.view.includes('visible_share'))
      series.push({
        key: 'visible-share',
        label: `Dots visible, layer ${layer}`,
        values: metrics.view('visible_share', layerPos),
        percent: true,
        note: VISIBLE_NOTE,
      });
    if (metrics.columns.view.includes('local_radius_r'))
      series.push({
        key: 'local-radius',
        label: `Local radius r, layer ${layer}`,
        values: metrics.view('local_radius_r', layerPos),
        note: LOCAL_RADIUS_NOTE,
      });
  }
  return series;
}

interface Props {
  series: MetricSeries[];
  /** Epoch of every snapshot, for the x scale (the strip is spaced by snapshot). */
  epochs?: ArrayLike<number>;
  snapshot: number;
  disabled?: boolean;
  onSeek: (snapshot: number) => void;
}

/** One line on what the linear probe measures, shown under a strip that plots it. */
export const PROBE_NOTE =
  'Linear probe: held-out accuracy of a logistic regression (a straight-line classifier) fitted on half of the samples’ activations in that layer. It rises when a line can split the classes, even where the graph layout cannot show it.';

/** A scale end: `0`, `1`, `50 %`. */
function tick(value: number, percent: boolean | undefined): string {
  return percent ? formatPercent(value) : formatScore(value, value === Math.round(value) ? 0 : 2);
}

export function MetricStrip({ series, epochs, snapshot, disabled = false, onSeek }: Props) {
  const lastEpoch = epochs && epochs.length ? (epochs[epochs.length - 1] ?? 0) : undefined;
  return (
    <div class="sv-metrics">
      {lastEpoch !== undefined && (
        <p class="sv-metric-axis" aria-hidden="true">
          <span>init</span>
          <span>by snapshot</span>
          <span>epoch {formatEpoch(lastEpoch)}</span>
        </p>
      )}
      {series.map((s) => {
        const n = s.values.length;
        let min = Infinity;
        for (let i = 0; i < n; i++) min = Math.min(min, s.values[i]);
        const [lo, hi] = s.domain ?? [Math.min(0, min), 1];
        const value = s.values[snapshot] ?? NaN;
        const cx = sparkX(snapshot, n);
        const seek = (e: PointerEvent) => {
          if (disabled || n < 2) return;
          onSeek(snapshotAtPointer(e, n));
        };
        return (
          <div class="sv-metric" key={s.key} data-metric={s.key}>
            <div class="sv-metric-head">
              <span title={s.note}>{s.label}</span>
              <strong>
                {Number.isNaN(value)
                  ? '–'
                  : s.percent
                    ? formatPercent(value, 1)
                    : formatScore(value, s.count ? 0 : 2)}
              </strong>
            </div>
            <div class="sv-metric-plot">
              <span class="sv-metric-tick sv-metric-tick--hi" aria-hidden="true">
                {tick(hi, s.percent)}
              </span>
              <span class="sv-metric-tick sv-metric-tick--lo" aria-hidden="true">
                {tick(lo, s.percent)}
              </span>
              <svg
                viewBox={`-3 -3 ${SPARK_W + 6} ${SPARK_H + 6}`}
                preserveAspectRatio="none"
                aria-hidden="true"
                onPointerDown={seek}
              >
                <line class="sv-metric-base" x1={0} x2={SPARK_W} y1={SPARK_H} y2={SPARK_H} />
                <path
                  class="sv-metric-line"
                  d={sparkPath(s.values, lo, hi)}
                  vector-effect="non-scaling-stroke"
                />
                <SnapshotMark class="sv-metric-cursor" x={cx} />
              </svg>
            </div>
          </div>
        );
      })}
      {series.some((s) => s.key === 'linear-probe') && (
        <p class="sv-note sv-metric-note">{PROBE_NOTE}</p>
      )}
      {series
        .filter((s) => s.note)
        .map((s) => (
          <p class="sv-note sv-metric-note" key={`${s.key}-note`}>
            {s.note}
          </p>
        ))}
    </div>
  );
}
